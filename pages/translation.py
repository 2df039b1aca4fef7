import simple_history
from modeltranslation.translator import TranslationOptions, register

from pages.models import Page, SiteText


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "image_alt")
    required_languages = {"cs": ("title", "lead")}


@register(SiteText)
class SiteTextTranslationOptions(TranslationOptions):
    fields = ("body",)
    required_languages = {"cs": ("body",)}


simple_history.register(Page, excluded_fields=["search_cs", "search_en"])
simple_history.register(SiteText)
