from django.urls import path, register_converter

from pages import views

app_name = "pages"


class TreePathConverter:
    """One to three slugs separated by slashes: a page's place in the tree."""

    regex = r"[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+){0,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TreePathConverter, "tree")

urlpatterns = [
    path("", views.page_index, name="index"),
    path("<tree:path>/", views.page_detail, name="detail"),
]
