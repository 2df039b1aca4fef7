from django import template

from members.models import rating_label as _rating_label

register = template.Library()


@register.simple_tag
def rating_label(category, stars=0):
    return _rating_label(category, stars)
