"""The portal's URLs plus a "hello" view inside the portal's own middleware (benchmark_http).

The hello view goes through the same middleware, the same gunicorn and the same settings as
the pages: what it measures is Django plus the portal's middleware. The yardstick of the
benchmark is the bare project's hello (bench/bare_settings.py); this one shows what the
middleware costs. It exists only here, in the benchmark's URLconf.
"""

from django.http import HttpResponse
from django.urls import path

from network_portal.urls import handler400, handler403, handler404, handler500, urlpatterns

HELLO_PATH = "/bench-hello/"


def hello(request):
    return HttpResponse("<!doctype html><title>Hello</title><p>Hello, world!</p>")


urlpatterns = [path(HELLO_PATH.strip("/") + "/", hello), *urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
