"""Event attachments and project documents become documents of the library: same stored
file (the names are random and stay), published as long as their event or project is
public. Their text is read by the nightly job ``documents_texts_catch_up``."""

from django.db import migrations
from django.utils.text import slugify


def _slug(title, taken):
    base = slugify(title)[:200] or "dokument"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Attachment = apps.get_model("events", "Attachment")
    ProjectDocument = apps.get_model("projects", "ProjectDocument")
    taken = set(Document.objects.values_list("slug", flat=True))
    for attachment in Attachment.objects.select_related("event").order_by("pk"):
        event = attachment.event
        Document.objects.create(
            title=attachment.title,
            title_cs=attachment.title,
            slug=_slug(attachment.title, taken),
            status="draft" if event.status == "draft" else "published",
            kind="event-material",
            year=event.start.year,
            language="cs",
            file=attachment.file.name,
            size=attachment.size,
            event=event,
            position=attachment.position,
        )
    for old in ProjectDocument.objects.select_related("project").order_by("pk"):
        project = old.project
        Document.objects.create(
            title=old.title_cs or old.title,
            title_cs=old.title_cs or old.title,
            title_en=old.title_en,
            slug=_slug(old.title_cs or old.title, taken),
            status="published" if project.publication == "published" else "draft",
            kind="publication",
            year=project.start.year,
            language="cs",
            file=old.file.name,
            size=old.size,
            project=project,
            position=old.position,
        )


def backwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Attachment = apps.get_model("events", "Attachment")
    ProjectDocument = apps.get_model("projects", "ProjectDocument")
    for document in Document.objects.exclude(event=None):
        Attachment.objects.create(
            event_id=document.event_id,
            title=document.title_cs or document.title,
            file=document.file.name,
            size=document.size,
            position=document.position,
        )
    for document in Document.objects.filter(event=None).exclude(project=None):
        ProjectDocument.objects.create(
            project_id=document.project_id,
            title=document.title_cs or document.title,
            title_cs=document.title_cs or document.title,
            title_en=document.title_en,
            file=document.file.name,
            size=document.size,
            position=document.position,
        )
    Document.objects.exclude(event=None, project=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("events", "0009_certificate_signatory"),
        ("projects", "0004_czech_slogan"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
