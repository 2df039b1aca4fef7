"""Requests whose body cannot be read are answered 400 once, before anything else reads it.

Django raises when ``request.POST`` is read from a malformed body: a form declaring another
charset than UTF-8 (``application/x-www-form-urlencoded; charset=latin-1``), a broken
multipart body, too many fields or files, a body over DATA_UPLOAD_MAX_MEMORY_SIZE. For the
charset case the error is not even remembered, so every later reader raises again: the CSRF
check, then the 400 handler (Django's runs the CSRF check again to offer a token), then the 500
handler, once per middleware layer – a bare 500 from the server and ~70 KB of chained
tracebacks for one small request. Reading the body here, once, turns any of these into the
portal's 400 page (in the layout, with the security headers of the outer middleware) and one
log line.

A body larger than REQUEST_BODY_MAX_SIZE (files included, which DATA_UPLOAD_MAX_MEMORY_SIZE
does not count) is refused from its Content-Length before a byte of it is read, and a form
over DATA_UPLOAD_MAX_MEMORY_SIZE once it is read: both with the portal's 413 page.

Sits before CsrfViewMiddleware, which reads ``request.POST`` of every POST anyway. A view that
must read the raw body of a multipart request itself would have to come before it.
"""

import logging

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import InterfaceError, OperationalError
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.log import log_response
from django_permissions_policy import PermissionsPolicyMiddleware

from network_portal.views import bad_request, request_too_large, service_unavailable

logger = logging.getLogger(__name__)

UNREADABLE_BODY = (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError)


class AllowedHostMiddleware:
    """A request whose Host header ALLOWED_HOSTS does not name is answered 400 here, first.

    Left to Django, the DisallowedHost raised by the first ``request.get_host()`` (the SSL
    redirect, the page cache's key, CommonMiddleware, a view building an absolute URL) becomes
    a 400 whose page raises again while it renders (the layout's absolute hreflang links), so
    a 500 and pages of tracebacks. Checked once before anything else runs: one log line, the
    portal's 400 page, the security headers, nothing cached. It is first in MIDDLEWARE, so
    the middleware that set those headers never sees this response: their response half (which
    never reads the host) is applied here.
    """

    security_logger = logging.getLogger("django.security.DisallowedHost")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost as error:
            request._mark_post_parse_error()  # nothing reads the body of a refused request
            response = self._with_headers(request, bad_request(request, error))
            log_response(
                "%s (%s %s)",
                error,
                request.method,
                request.path,
                response=response,
                request=request,
                logger=self.security_logger,
                level="warning",
            )
            return response
        return self.get_response(request)

    @staticmethod
    def _with_headers(request, response):
        """The headers every response of the portal carries, from the middleware that set
        them (only their response half, which never reads the host)."""
        for middleware in (SecurityMiddleware, XFrameOptionsMiddleware, CSPMiddleware):
            response = middleware(bad_request).process_response(request, response)
        return PermissionsPolicyMiddleware(lambda request, answer=response: answer)(request)


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > settings.REQUEST_BODY_MAX_SIZE:
            request._mark_post_parse_error()
            return _refused(request, "Request body too large", request_too_large(request))
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing is the point
            except UNREADABLE_BODY as error:
                # What Django does for multipart errors: nothing later parses the body again.
                request._mark_post_parse_error()
                if isinstance(error, RequestDataTooBig):
                    response = request_too_large(request, error)
                else:
                    response = bad_request(request, error)
                log_response(
                    "Bad request body (%s): %s",
                    error,
                    request.path,
                    response=response,
                    request=request,
                )
                return response
        return self.get_response(request)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refused(request, reason, response):
    log_response("%s: %s", reason, request.path, response=response, request=request)
    return response


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (restarted, failed over, out of connections), a
    page answers 503 with Retry-After in the layout – "try again in a moment" – instead of a
    500 that says something is broken. Django reconnects by itself on the next request
    (CONN_HEALTH_CHECKS), so the portal recovers without a restart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database is unavailable: %s (%s)", exception, request.path)
        return service_unavailable(request)
