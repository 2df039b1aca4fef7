"""The portal's URLconf and one page that raises, so that a test sees the real 500 page."""

from django.urls import path

from network_portal.urls import (  # noqa: F401  (Django looks the handlers up here)
    handler400,
    handler403,
    handler404,
    handler500,
)
from network_portal.urls import urlpatterns as portal_urlpatterns


def server_error_for_tests(request):
    raise RuntimeError("A failure on purpose, to show the 500 page in the production test.")


urlpatterns = [path("test-only/server-error", server_error_for_tests), *portal_urlpatterns]
