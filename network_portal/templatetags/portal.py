"""Generic template tags of the portal: sections, blocks, pagination, query strings."""

from datetime import datetime

from django import template
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

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
def record_links(context, record):
    """Links from a record's public page for whoever may work on it: the admin's change page
    (the model's change permission) and the sections' own (an event's attendance).

    Only for logged-in users, whose pages are never cached whole: an anonymous visitor gets
    nothing, without a query."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return []
    links = []
    opts = record._meta
    if (
        access.can_use_admin(user)
        and user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
        and admin.site.is_registered(type(record))
    ):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        links.append(registry.Link(gettext("Edit in the administration"), url))
    for section in registry.all_sections():
        if section.record_links:
            links.extend(section.record_links(request, record))
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
def datetime_attribute(value):
    """A date or time for a ``datetime`` attribute: the local time to the second with its
    offset (HTML allows at most three digits of a fraction; stored times have six)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
