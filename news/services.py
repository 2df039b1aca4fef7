"""Writes with consequences: the main image of an article."""

from django.db import transaction

from network_portal.uploads import image_delete, image_store
from news.models import Article


def article_image_store(*, article: Article, upload) -> None:
    """Store a new main image through the shared upload rules; the old one goes after commit."""
    old = article.image.name
    article.image.name = image_store(upload=upload, folder="news")
    if old:
        transaction.on_commit(lambda: image_delete(old))
