"""Factories for the documents tests: a stored PDF through the shared upload policy."""

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from network_portal.pdf_uploads import document_store
from tests.pdfs import text_pdf


def stored_pdf(text: str = "Dokument site Zdravych mest.") -> str:
    return document_store(
        upload=SimpleUploadedFile("d.pdf", text_pdf(text), content_type="application/pdf"),
        folder="documents",
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    title_cs = factory.Sequence(lambda n: f"Dokument číslo {n}")
    title_en = factory.Sequence(lambda n: f"Document number {n}")
    slug = factory.Sequence(lambda n: f"dokument-{n}")
    description_cs = "Popis dokumentu."
    description_en = "A description of the document."
    status = Document.Status.PUBLISHED
    kind = Document.Kind.PUBLICATION
    year = 2023
    language = Document.Language.CZECH
    file = factory.LazyFunction(stored_pdf)
    size = 1000

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            from goodpractice.models import Topic

            self.topics.set(Topic.objects.filter(slug__in=extracted))
