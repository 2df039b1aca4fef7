import simple_history
from modeltranslation.translator import TranslationOptions, register

from goodpractice.models import Goal, Method, Practice, TargetGroup, Topic


@register(Topic)
@register(TargetGroup)
@register(Method)
@register(Goal)
class TermTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = {"cs": ("title", "summary")}


# History is registered after the translation fields exist, so that the historical model
# records both languages.
simple_history.register(
    Practice,
    m2m_fields=["members", "target_groups", "methods", "goals"],
)
