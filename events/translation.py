import simple_history
from modeltranslation.translator import TranslationOptions, register

from events.models import Event, EventPart


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "venue_name",
        "organiser",
        "certificate_signatory_role",
    )
    required_languages = {"cs": ("title", "summary")}


@register(EventPart)
class EventPartTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"cs": ("title",)}


# After the translation fields exist, so that the history records both languages.
simple_history.register(Event, excluded_fields=["search_cs", "search_en"], m2m_fields=["hosts"])
simple_history.register(EventPart)
