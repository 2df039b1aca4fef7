"""The URLconf of the throw-away section that test_sections registers (tests only)."""

from django.http import HttpResponse
from django.urls import path

app_name = "throwaway"

urlpatterns = [path("", lambda request: HttpResponse("throw-away list"), name="list")]
