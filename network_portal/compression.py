"""Gzip for the responses that carry no secret, where no proxy in front compresses.

BREACH recovers a secret from a compressed page by making the victim's browser request it
many times with guesses reflected into the same page (a search word, a query parameter) and
watching the length: a guess that matches the secret compresses better. It needs a secret in
the body. The pages that have one here are those of a logged-in user (the CSRF token of the
logout form, personal data) and any page with a form (the CSRF token tied to the visitor's
cookie); the anonymous pages that anyone may read, the ones most requests ask for, have none.
So a response is compressed only when the request carries no session cookie and no CSRF token
was put into the page, and never when it sets the session cookie (a login). What is left
uncompressed is what BREACH could read. Pages from the page cache arrive compressed already
(``network_portal.pagecache``) and are passed through.

Brotli would save another ~15 %, but it needs a compiled package for a gain that a reverse
proxy or CDN in front gives anyway; gzip is in the standard library.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or settings.SESSION_COOKIE_NAME in response.cookies
            # CsrfViewMiddleware sets its cookie whenever the page used the token (and then
            # clears the flag), so the cookie is the mark of a token in the page.
            or settings.CSRF_COOKIE_NAME in response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return response
        return super().process_response(request, response)
