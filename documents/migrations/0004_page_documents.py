"""A page's PDF attachments (the old ``pages.PageAttachment``) become documents of the
library, linked to their page: same stored file (the names are random and stay), published
where the page is published, a draft where the page is not public yet (the document follows the
page, as the event attachments followed their event in 0002). Their text is read by the
nightly job ``documents_texts_catch_up``. ``pages/migrations/0003`` then deletes the old table."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone
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
    PageAttachment = apps.get_model("pages", "PageAttachment")
    taken = set(Document.objects.values_list("slug", flat=True))
    now = timezone.now()
    for attachment in PageAttachment.objects.select_related("page").order_by("pk"):
        page = attachment.page
        title = attachment.title_cs or attachment.title
        public = page.published_at is not None and page.published_at <= now
        Document.objects.create(
            title=title,
            title_cs=title,
            title_en=attachment.title_en,
            slug=_slug(title, taken),
            status="published" if public else "draft",
            kind="other",
            year=page.created_at.year,
            language="cs",
            file=attachment.file.name,
            size=attachment.size,
            page=page,
            position=attachment.position,
        )


def backwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    PageAttachment = apps.get_model("pages", "PageAttachment")
    for document in Document.objects.exclude(page=None):
        PageAttachment.objects.create(
            page_id=document.page_id,
            title=document.title_cs or document.title,
            title_cs=document.title_cs or document.title,
            title_en=document.title_en,
            file=document.file.name,
            size=document.size,
            position=document.position,
        )
    Document.objects.exclude(page=None).filter(event=None, project=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_network_staff"),
        ("pages", "0002_network_staff"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="page",
            field=models.ForeignKey(
                blank=True,
                help_text="A page of the network's own (About the network) that offers the document.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="documents",
                to="pages.page",
                verbose_name="page",
            ),
        ),
        migrations.AddField(
            model_name="historicaldocument",
            name="page",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="A page of the network's own (About the network) that offers the document.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="pages.page",
                verbose_name="page",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The order among the documents of its event, project or page.",
                verbose_name="position",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldocument",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The order among the documents of its event, project or page.",
                verbose_name="position",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
