"""Generic template tags of the portal: sections, blocks, pagination, query strings."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from network_portal import access, pagecache, uploads
from network_portal import sections as registry

register = template.Library()


@register.simple_tag
def portal_sections():
    """The registered sections, in navigation order."""
    return registry.all_sections()


@register.simple_tag(takes_context=True)
def navigation(context):
    """The main navigation: each section's list, marked current on any of its pages."""
    path = context["request"].path
    items = []
    for section in registry.all_sections():
        url = section.list_url
        items.append({"label": section.label, "url": url, "current": path.startswith(url)})
    return items


@register.simple_tag(takes_context=True)
def current_section(context):
    """The section the current page belongs to (by its path), or None."""
    path = context["request"].path
    for section in registry.all_sections():
        if path.startswith(section.list_url):
            return section
    return None


@register.simple_tag(takes_context=True)
def home_blocks(context):
    """The home page blocks of every section that has something to show."""
    request = context["request"]

    def blocks():
        return [
            block
            for section in registry.all_sections()
            if section.home and (block := section.home(request)) is not None
        ]

    # The same for every visitor: logged-in visitors, whose pages are not cached whole, share
    # them through the page cache too.
    return pagecache.shared("home-blocks", blocks)


@register.simple_tag(takes_context=True)
def related_blocks(context, record):
    """What each section holds about ``record`` (a member, an event, an example...)."""
    request = context["request"]
    return [
        block
        for section in registry.all_sections()
        if section.related and (block := section.related(request, record)) is not None
    ]


@register.simple_tag(takes_context=True)
def account_links(context):
    """The account-menu entries the sections offer the logged-in user."""
    request = context["request"]
    links = []
    for section in registry.all_sections():
        if section.account_links:
            links.extend(section.account_links(request))
    return links


@register.simple_tag(takes_context=True)
def render_block(context, block):
    """Draw a section's block with its own context on top of the page's."""
    compiled = context.template.engine.get_template(block.template)
    with context.push(**block.context):
        return compiled.render(context)


@register.simple_tag
def page_range(page_obj):
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.simple_tag
def czech_only(record, field):
    """``lang="cs"`` where the English page shows this translated field's Czech fallback."""
    if get_language() != "cs" and not getattr(record, f"{field}_en", ""):
        return mark_safe(' lang="cs"')
    return ""


@register.filter
def can_use_admin(user):
    return access.can_use_admin(user)


@register.simple_tag
def thumbnail(name, size="small"):
    """The address of a stored image's thumbnail (see network_portal.uploads)."""
    return uploads.thumbnail_url(name, size)


@register.filter
def counted(number, phrase):
    """``number`` with the noun of ``phrase`` (an ``ngettext_lazy(..., "count")``) in the
    plural form the language needs: ``{{ 5|counted:listing.count_phrase }}`` → "5 akcí"."""
    return phrase % {"count": number}


@register.simple_tag
def chosen_filter_count(facets):
    """How many filter values are chosen across ``facets``."""
    return sum(len(facet.selected_options) for facet in facets)
