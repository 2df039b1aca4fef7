"""The portal's URLs plus the bare "hello" view the HTTP benchmark compares every page with.

The hello view goes through the same middleware, the same gunicorn and the same settings as
the pages: what it measures is Django itself, so a page's ratio to it is what the page's own
work costs. It exists only here, in the benchmark's URLconf.
"""

from django.http import HttpResponse
from django.urls import path

from network_portal.urls import handler400, handler403, handler404, handler500, urlpatterns

HELLO_PATH = "/bench-hello/"


def hello(request):
    return HttpResponse("<!doctype html><title>Hello</title><p>Hello, world!</p>")


urlpatterns = [path(HELLO_PATH.strip("/") + "/", hello), *urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
