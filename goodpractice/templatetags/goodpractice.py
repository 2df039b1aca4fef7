from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from goodpractice.listing import HIGHLIGHT_START, HIGHLIGHT_STOP

register = template.Library()


@register.filter
def highlight(snippet):
    """A search snippet made safe: everything escaped, then only our markers become <mark>."""
    text = escape(snippet or "")
    # Unbalanced markers (cannot happen with ts_headline, but never trust): drop them all.
    if text.count(HIGHLIGHT_START) != text.count(HIGHLIGHT_STOP):
        return mark_safe(text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, ""))  # noqa: S308
    return mark_safe(  # noqa: S308 - escaped above
        text.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )
