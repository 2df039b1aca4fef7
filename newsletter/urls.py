from django.urls import path
from django.utils.translation import pgettext_lazy

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path(pgettext_lazy("URL", "check-your-mail/"), views.check_mail, name="check-mail"),
    path(pgettext_lazy("URL", "confirm/<str:token>/"), views.confirm, name="confirm"),
    path(pgettext_lazy("URL", "settings/<str:token>/"), views.manage, name="manage"),
    path(pgettext_lazy("URL", "my-data/<str:token>/"), views.data, name="data"),
    path(pgettext_lazy("URL", "unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
