"""Uploads in S3-compatible object storage (MEDIA_STORAGE=s3), served by the portal itself.

The objects stay private. Their addresses are the portal's own MEDIA_URL, and the portal
streams them from the bucket with the same sandbox headers as files on disk
(``uploads.serve_upload``): pages load nothing from another host, the CSP stays ``'self'``,
and the bucket needs neither public access nor CORS.
"""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class S3MediaStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + quote(clean_name(name))
