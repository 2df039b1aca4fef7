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

Sits before CsrfViewMiddleware, which reads ``request.POST`` of every POST anyway. A view that
must read the raw body of a multipart request itself would have to come before it.
"""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.utils.log import log_response

from network_portal.views import bad_request

UNREADABLE_BODY = (BadRequest, SuspiciousOperation, MultiPartParserError, UnreadablePostError)


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing is the point
            except UNREADABLE_BODY as error:
                # What Django does for multipart errors: nothing later parses the body again.
                request._mark_post_parse_error()
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
