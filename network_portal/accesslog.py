"""gunicorn's access log without the secrets that travel in URLs, and with the visitor's address.

A registration's manage link (``/cs/akce/prihlaska/<token>/…``, ``/en/events/registration/
<token>/…``) and a certificate's download link (``…/certifikat/<code>/pdf/<key>/``) are the
only proof of who may see and change a registration or download a certificate; an access log
keeps them in plain text for anyone who reads the logs or their backups. The log writes ``***``
for the path segment after a registration or certificate prefix (whatever follows it, so
links the events app adds under the same prefix are covered without changes here) and for
the download key. Every value of a log line is masked – the request line, the path, the
referrer (a page opened from a manage link names it) and the request headers and environment
variables a custom format may name.

``%(h)s`` is the visitor's address behind the trusted proxies (``network_portal.clients``),
not the proxy's. Used through ``gunicorn.conf.py`` (``logger_class``) by the Dockerfile,
``compose.yaml`` and ``bench.server.gunicorn``.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# The registration and certificate path segments in every language (tested against the URLs).
REGISTRATION_SEGMENTS = ("registration", "registrace", "prihlaska")
CERTIFICATE_SEGMENTS = ("certificate", "certifikat", "osvedceni")
MASK = "***"

_SEGMENT = r"[^/?#\s\"]+"
_SECRETS = re.compile(
    rf"(?P<prefix>/(?:{'|'.join(REGISTRATION_SEGMENTS)})/){_SEGMENT}"
    rf"|(?P<certificate>/(?:{'|'.join(CERTIFICATE_SEGMENTS)})/){_SEGMENT}"
    rf"(?:(?P<pdf>/pdf/){_SEGMENT})?",
    re.IGNORECASE,
)


def _replace(match: re.Match) -> str:
    if match["prefix"]:
        return match["prefix"] + MASK
    return match["certificate"] + MASK + (match["pdf"] + MASK if match["pdf"] else "")


def mask_secrets(text: str) -> str:
    """``text`` (a URL, a request line) with the registration tokens and certificate codes
    and keys replaced by ``***``."""
    return _SECRETS.sub(_replace, text) if isinstance(text, str) else text


def _client_address(environ) -> str:
    remote = environ.get("REMOTE_ADDR", "-")
    try:
        from django.conf import settings

        from network_portal.clients import client_address_from

        trusted = settings.TRUSTED_PROXIES
    except Exception:  # settings not loaded (the arbiter's own lines): the socket's address
        return remote
    return client_address_from(remote, environ.get("HTTP_X_FORWARDED_FOR", ""), trusted)


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        masked = {name: mask_secrets(value) for name, value in atoms.items()}
        masked["h"] = _client_address(environ)
        return masked
