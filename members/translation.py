from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from members.models import Member, MembershipApplication, Person, Rating, Region, Role


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Member)
class MemberTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Role)
class RoleTranslationOptions(TranslationOptions):
    fields = ("position",)


# History is registered here, after modeltranslation has added the per-language fields, so the
# historical tables keep description_cs/description_en too (a HistoricalRecords() on the model
# class would be built before them).
register_history(Member, app="members", excluded_fields=["coordinators", "search_cs", "search_en"])
register_history(Person, app="members")
register_history(Role, app="members")
register_history(Rating, app="members")
register_history(MembershipApplication, app="members", excluded_fields=["token_nonce"])
