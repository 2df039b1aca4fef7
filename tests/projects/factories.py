"""Factories for the projects tests."""

from datetime import date

import factory

from projects.models import Funder, Project, ProjectPartner


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("slug",)

    name_cs = factory.Sequence(lambda n: f"Fond {n}")
    name_en = factory.Sequence(lambda n: f"Fund {n}")
    slug = factory.Sequence(lambda n: f"fond-{n}")
    acknowledgement_cs = factory.Sequence(lambda n: f"Projekt je podpořen z fondu {n}.")
    acknowledgement_en = factory.Sequence(lambda n: f"The project is supported by fund {n}.")
    url = "https://funder.example.org/"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name_cs = factory.Sequence(lambda n: f"Projekt číslo {n}")
    name_en = factory.Sequence(lambda n: f"Project number {n}")
    acronym = factory.Sequence(lambda n: f"PRJ-{n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary_cs = "Krátké shrnutí projektu."
    summary_en = "A short summary of the project."
    start = date(2022, 4, 1)
    end = date(2024, 5, 1)
    lead_organisation_cs = "Národní síť Zdravých měst ČR"
    lead_organisation_en = "Healthy Cities of the Czech Republic"
    publication = Project.Publication.PUBLISHED

    @factory.post_generation
    def funders(self, create, extracted, **kwargs):
        if create and extracted:
            self.funders.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            from goodpractice.models import Topic

            self.topics.set(Topic.objects.filter(slug__in=extracted))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    role_cs = "ženy"
    role_en = "women"
