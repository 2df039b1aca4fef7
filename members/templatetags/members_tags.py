from django import template

from members.models import rating_label as _rating_label

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``counts|get_item:value``: a dict lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def rating_label(category, stars=0):
    return _rating_label(category, stars)


@register.simple_tag
def page_range(page_obj):
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
