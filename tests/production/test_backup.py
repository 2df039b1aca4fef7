"""Backups restore: every record, translation, history entry and uploaded file comes back."""

import io

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from psycopg import sql

from network_portal.backup import BackupError, _conninfo, backup_restore

# pg_dump runs in another process: it sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _table_fingerprints(database: dict) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the sorted rows of every table."""
    with psycopg.connect(**_conninfo(database)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: db.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def restore_database():
    """An empty database next to the test database, dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restored"
    admin = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(**_conninfo(admin), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with psycopg.connect(**_conninfo(admin), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _populate():
    from goodpractice.models import PracticeAttachment
    from network_portal.pdf_uploads import document_store
    from network_portal.uploads import image_store
    from tests.events.factories import EventFactory, EventPartFactory
    from tests.factories import MemberFactory, UserFactory
    from tests.goodpractice.factories import PracticeFactory
    from tests.news.factories import ArticleFactory
    from tests.pdfs import plain_pdf

    member = MemberFactory(name="Zálohov", slug="zalohov")
    member.name_en = "Backupton"
    member.save()  # a second history entry
    coordinator = UserFactory(email="zaloha@example.org")
    member.coordinators.add(coordinator)
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, "PNG")
    member.image.name = image_store(
        upload=SimpleUploadedFile("znak.png", buffer.getvalue()), folder="members"
    )
    member.save()
    practice = PracticeFactory(members=[member], title_cs="Zálohovaný příklad")
    document = plain_pdf()
    PracticeAttachment.objects.create(
        practice=practice,
        file=document_store(upload=SimpleUploadedFile("a.pdf", document), folder="gp"),
        title="Příloha",
        size=len(document),
    )
    article = ArticleFactory(title_cs="Záloha obnovena", title_en="Backup restored")
    EventPartFactory(event=EventFactory(title_cs="Seminář o zálohách", title_en="Backups"))
    return member, practice, article


def test_backup_restores_into_a_fresh_database_and_media_folder(
    settings, tmp_path, restore_database
):
    """A backup of a populated portal restored into a new database and folder holds every
    row of every table (translations and history included) and every uploaded file."""
    member, practice, article = _populate()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}
    restored_media = tmp_path / "restored-media"

    manifest = backup_restore(folder=folder, database=restore_database, media_root=restored_media)

    assert manifest["media_files"] == 4  # the image, its 2 thumbnails and the PDF
    original = _table_fingerprints(connection.settings_dict)
    restored = _table_fingerprints(restore_database)
    assert restored == original
    with psycopg.connect(**_conninfo(restore_database)) as db:
        assert db.execute(
            "SELECT title_cs, title_en FROM news_article WHERE id = %s", [article.pk]
        ).fetchone() == ("Záloha obnovena", "Backup restored")
        assert (
            db.execute(
                "SELECT count(*) FROM members_historicalmember WHERE id = %s", [member.pk]
            ).fetchone()[0]
            == member.history.count()
            >= 3
        )
    media = settings.MEDIA_ROOT
    stored = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    assert len(stored) == 4
    for name in stored:
        assert (restored_media / name).read_bytes() == (media / name).read_bytes()
    attachment = practice.attachments.get()
    assert (restored_media / attachment.file.name).exists()
    assert (restored_media / member.image.name).exists()


def test_restore_refuses_a_database_or_folder_that_is_not_empty(tmp_path, restore_database):
    """Restoring over live data is refused with the reason, unless forced."""
    from tests.factories import MemberFactory

    MemberFactory()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder), stdout=io.StringIO())
    (tmp_path / "media-in-use").mkdir()
    (tmp_path / "media-in-use" / "a.txt").write_text("x")
    with pytest.raises(BackupError, match="media folder"):
        backup_restore(
            folder=folder, database=restore_database, media_root=tmp_path / "media-in-use"
        )


def test_a_damaged_backup_is_refused(tmp_path, restore_database):
    """A backup whose dump does not match its checksum is not restored."""
    call_command("backup", dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"\0")
    with pytest.raises(BackupError, match="checksum"):
        backup_restore(folder=folder, database=restore_database, media_root=tmp_path / "m")
