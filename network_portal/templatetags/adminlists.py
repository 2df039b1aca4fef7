"""``{% quick_result_list cl %}``: Django's ``{% result_list cl %}`` with the rows drawn by
:func:`network_portal.adminlists.result_rows` (``admin/quick_change_list.html``).
``{% kept_app_list %}``: the admin sidebar's list of models (``admin/nav_sidebar.html``), drawn
once per list, language and current page's model and kept."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.translation import get_language

from network_portal.adminlists import result_rows
from network_portal.recent import Recent

register = template.Library()


def quick_result_list(cl):
    """The context of Django's ``admin_list.result_list``."""
    headers = list(result_headers(cl))
    sorted_by = sum(1 for header in headers if header["sortable"] and header["sorted"])
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sorted_by,
        "results": result_rows(cl),
    }


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=quick_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )


_SIDEBARS = Recent(256)


@register.simple_tag(takes_context=True)
def kept_app_list(context):
    """``{% include 'admin/app_list.html' with app_list=available_apps show_changelinks=False %}``
    (Django's sidebar), kept by everything that template reads: the language, each app's and
    model's label, name's source, links and view-only flag, and which of them the current
    page's address holds (the marks of the current app and model). About a fifth of an admin
    list's work went into drawing its 60 models for every page."""
    request = context.get("request")
    apps = context.get("available_apps") or []
    path = urlencode(request.path) if request is not None else ""
    key = (
        get_language(),
        tuple(
            (
                app["app_label"],
                app["app_url"],
                app["app_url"] in path,
                tuple(
                    (
                        model["object_name"],
                        model["admin_url"],
                        model["add_url"],
                        model.get("view_only"),
                        bool(model["admin_url"]) and model["admin_url"] in path,
                    )
                    for model in app["models"]
                ),
            )
            for app in apps
        ),
    )
    return _SIDEBARS.get_or_make(
        key,
        lambda: render_to_string(
            "admin/app_list.html",
            {"app_list": apps, "show_changelinks": False, "request": request},
        ),
    )
