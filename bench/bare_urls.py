"""The bare project's only page (bench/bare_settings.py), and a health check for bench.server."""

from django.http import HttpResponse
from django.urls import path

HELLO_PATH = "/hello/"


def hello(request):
    return HttpResponse("<!doctype html><title>Hello</title><p>Hello, world!</p>")


urlpatterns = [path("hello/", hello), path("healthz", hello)]
