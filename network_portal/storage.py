"""Static files in production: hashed names, compressed, and a manifest nobody can download.

The manifest (``staticfiles.json``) maps every file to its hashed name. Kept in STATIC_ROOT,
WhiteNoise would serve it at /static/staticfiles.json to anyone, listing every file of the
portal (the admin's and the libraries' included). It is written to STATIC_MANIFEST_ROOT instead,
outside what is served.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT)
        )
        super().__init__(*args, **kwargs)
