"""The portal's URLconf plus two pages nobody described in url_roles (test_url_roles only)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from network_portal.urls import urlpatterns as portal_patterns


def unguarded(request):
    return HttpResponse("an unguarded page")


urlpatterns = [
    *portal_patterns,
    path("unguarded-outside/", unguarded, name="unguarded-outside"),
    *i18n_patterns(path("unguarded-inside/", unguarded, name="unguarded-inside")),
]
