from django.urls import path
from django.utils.translation import pgettext_lazy

from workspace import views

app_name = "workspace"

# Mounted under the admin's path (/cs/sprava/prehled/): a page of the administration.
urlpatterns = [
    path(pgettext_lazy("URL", "overview/"), views.dashboard, name="dashboard"),
]
