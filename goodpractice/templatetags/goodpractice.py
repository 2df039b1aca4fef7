from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from goodpractice.listing import HIGHLIGHT_START, HIGHLIGHT_STOP
from goodpractice.models import Practice

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


@register.simple_tag
def latest_practices(count=3):
    """The newest published examples, for the home page (one query with its members)."""
    return list(
        Practice.objects.published()
        .select_related("topic")
        .prefetch_related("members")
        .order_by("-published_at", "-pk")[:count]
    )


@register.simple_tag
def czech_only(practice, field):
    """``lang="cs"`` when the English page shows this field's Czech fallback."""
    from django.utils.translation import get_language

    if get_language() != "cs" and not getattr(practice, f"{field}_en", ""):
        return mark_safe(' lang="cs"')
    return ""


@register.simple_tag
def gp_thumbnail(name, size="small"):
    from network_portal.uploads import thumbnail_url

    return thumbnail_url(name, size)


@register.simple_tag
def member_practices(member, count=20):
    """A member's published examples, newest first, for the member profile (one query)."""
    return list(
        Practice.objects.published()
        .filter(members=member)
        .only("slug", "title_cs", "title_en", "title", "year_from", "year_to")
        .order_by("-published_at", "-pk")[:count]
    )
