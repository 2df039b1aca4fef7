import simple_history
from modeltranslation.translator import TranslationOptions, register

from documents.models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"cs": ("title",)}


simple_history.register(
    Document,
    excluded_fields=["search_cs", "search_en", "text", "text_of", "pages"],
    m2m_fields=["topics", "members"],
)
