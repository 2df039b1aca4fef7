import simple_history
from modeltranslation.translator import TranslationOptions, register

from news.models import Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "perex", "body", "image_alt")
    required_languages = {"cs": ("title", "perex")}


simple_history.register(
    Article,
    excluded_fields=["search_cs", "search_en"],
    m2m_fields=["members", "projects", "practices", "topics"],
)
