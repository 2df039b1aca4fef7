from django.urls import path

from goodpractice import views

app_name = "goodpractice"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
]
