"""``{% quick_result_list cl %}``: Django's ``{% result_list cl %}`` with the rows drawn by
:func:`network_portal.adminlists.result_rows` (``admin/quick_change_list.html``)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from network_portal.adminlists import result_rows

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
