"""Storages. Static files in production: hashed names, compressed, and a manifest nobody can
download.

The manifest (``staticfiles.json``) maps every file to its hashed name. Kept in STATIC_ROOT,
WhiteNoise would serve it at /static/staticfiles.json to anyone, listing every file of the
portal (the admin's and the libraries' included). It is written to STATIC_MANIFEST_ROOT instead,
outside what is served.

Uploads go through :class:`MediaStorage` (written whole or not at all), or through
``network_portal.storage_s3.S3MediaStorage`` when MEDIA_STORAGE=s3.
"""

import contextlib
import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT)
        )
        super().__init__(*args, **kwargs)


class MediaStorage(FileSystemStorage):
    """Uploads written whole or not at all.

    Django's FileSystemStorage writes into the final name, so a full disk leaves a partial file
    that looks like an upload. Here the content goes into a hidden temporary file in the same
    folder, is flushed to disk, and only then gets its name (a hard link, which like O_EXCL
    never replaces an existing file); the temporary name is removed whatever happens.
    """

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".upload-", dir=directory)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                for chunk in content.chunks():
                    stream.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
