from modeltranslation.translator import TranslationOptions, register

from members.models import Member, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Member)
class MemberTranslationOptions(TranslationOptions):
    fields = ("description",)
