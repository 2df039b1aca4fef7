"""Factories for the pages tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from pages.models import Page, SiteText


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title_cs = factory.Sequence(lambda n: f"Stránka číslo {n}")
    title_en = factory.Sequence(lambda n: f"Page number {n}")
    slug = factory.Sequence(lambda n: f"stranka-{n}")
    lead_cs = "Úvod stránky."
    lead_en = "The page's lead."
    body_cs = "Text **stránky**."
    body_en = "The **text**."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class SiteTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteText
        django_get_or_create = ("key",)

    body_cs = "Upravitelný **text**."
    body_en = "An editable **text**."
