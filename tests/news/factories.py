"""Factories for the news tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from news.models import Article


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_cs = factory.Sequence(lambda n: f"Aktualita číslo {n}")
    title_en = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"aktualita-{n}")
    perex_cs = "Úvodní odstavec aktuality."
    perex_en = "The opening paragraph."
    body_cs = "Text **aktuality**."
    body_en = "The **text**."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)

    @factory.post_generation
    def practices(self, create, extracted, **kwargs):
        if create and extracted:
            self.practices.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            from goodpractice.models import Topic

            self.topics.set(Topic.objects.filter(slug__in=extracted))
