import re

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import get_language, get_language_info

_LEADING_SLASHES = re.compile(r"^/+")


def local_path(request, *, query: bool = True) -> str:
    """The request's path (and query) as a link on this site, never naming another host.

    A request for ``//evil.example/cs/clenove/`` has that as its path; written into a link as
    it is, the browser reads ``evil.example`` as the host. Leading slashes collapse to one.
    """
    path = escape_uri_path(_LEADING_SLASHES.sub("/", request.path) or "/")
    query_string = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query_string)}" if query and query_string else path


def absolute_url(request, location: str) -> str:
    """``request.build_absolute_uri(location)``, or the address under SITE_URL when the
    request's host is not allowed (the 400 page of such a request renders the layout too)."""
    try:
        return request.build_absolute_uri(location)
    except DisallowedHost:
        return settings.SITE_URL.rstrip("/") + location


def site(request):
    """The other-language versions of the current page, for the switcher and hreflang links,
    and the current path for links back to it (e.g. after logging in).

    Kept free of database queries: error pages use it too.
    """
    current = get_language()
    path = local_path(request)
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            url = f"/{code}/"  # the page has no equivalent (e.g. a 404): offer the home page
        info = get_language_info(code)
        alternates.append(
            {
                "code": code,
                "url": url,
                "absolute_url": absolute_url(request, url),
                "name": info["name_local"],
                "current": code == current,
            }
        )
    return {"language_alternates": alternates, "current_path": local_path(request, query=False)}
