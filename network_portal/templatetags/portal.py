"""Generic template tags of the portal: sections, blocks, pagination, query strings."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from network_portal import access, pagecache, search, uploads
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


@dataclass(frozen=True)
class DrawnBlock:
    """A section's home page block drawn: its sentence for the introduction ("" when it has
    none) and its body, both safe HTML."""

    home_order: int
    lead: str
    body: str


@register.simple_tag(takes_context=True)
def home_blocks(context):
    """The home page blocks of every section that has something to show, drawn (inside the
    home page's {% shared %} part: the same for every visitor). Each is also shared on its
    own, so that after a write to one section's tables the page draws only that section's
    block again and takes the others as they were."""
    found = []
    for section in registry.all_sections():
        if section.home:
            drawn = pagecache.shared(
                "home-block", functools.partial(_draw_home_block, context, section), section.name
            )
            if drawn is not None:
                found.append(drawn)
    return sorted(found, key=lambda block: block.home_order)


def _draw_home_block(context, section) -> DrawnBlock | None:
    block = section.home(context["request"])
    if block is None:
        return None
    lead = render_block_lead(context, block) if block.lead_template else ""
    return DrawnBlock(block.home_order, lead, render_block(context, block))


@register.simple_tag(takes_context=True)
def footer_blocks(context):
    """What the sections draw in the footer of every page (drawn inside the footer's
    {% shared %} part: the same for every visitor)."""
    request = context["request"]
    return [
        block
        for section in registry.all_sections()
        if section.footer and (block := section.footer(request)) is not None
    ]


class SharedNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context):
        vary = [value.resolve(context) for value in self.vary]
        return pagecache.shared(self.name, lambda: self.nodelist.render(context), *vary)


@register.tag
def shared(parser, token):
    """``{% shared "name" [value ...] %}…{% endshared %}``: a part of a page drawn once and
    shared by every visitor and process until a write to a table read while drawing it, or a
    scheduled change (``pagecache.shared``; Django's ``{% cache %}``, never stale). What it
    draws must depend on nothing but the name, the values, the language and the database."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% shared %} takes a quoted name, then values")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


@register.simple_tag
def site_text(name):
    """The editable text ``name`` of the site as safe HTML, or "" (keep the template's)."""
    for section in registry.all_sections():
        if section.site_text and (text := section.site_text(name)) is not None:
            return text
    return ""


@register.simple_tag(takes_context=True)
def related_blocks(context, record):
    """What each section holds about ``record`` (a member, an event, an example...): shared
    like the home page's blocks until a write to what they read, by every visitor with the
    same permissions (staff see more than others: the attendance of a member's people). Each
    section's block is also shared on its own, so that after a write to one section's tables
    only that section's block is worked out again."""
    request = context["request"]
    user = getattr(request, "user", None)
    permissions = user.get_all_permissions() if user is not None and user.is_active else ()
    vary = (record._meta.label, record.pk, ",".join(sorted(permissions)))

    def blocks():
        found = []
        for section in registry.all_sections():
            if section.related:
                block = pagecache.shared(
                    "related-block",
                    functools.partial(section.related, request, record),
                    section.name,
                    *vary,
                )
                if block is not None:
                    found.append(block)
        return found

    return pagecache.shared("related-blocks", blocks, *vary)


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


class SharedBodyNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        body = context.get("shared_body")
        if body is None:
            return self.nodelist.render(context)
        if "html" not in body:
            with context["shared_body_part"].recording():
                body["html"] = self.nodelist.render(context)
        return body["html"]


@register.tag
def shared_body(parser, token):
    """``{% shared_body %}…{% endshared_body %}``: the body of a list page or a record's page,
    rendered here once and kept in ``shared_body`` for every later visitor
    (network_portal.listing.FilteredListView, network_portal.records.RecordView), or drawn
    from it without rendering."""
    nodelist = parser.parse(("endshared_body",))
    parser.delete_first_token()
    return SharedBodyNode(nodelist)


@register.simple_tag(takes_context=True)
def render_block(context, block):
    """Draw a section's block with its own context on top of the page's."""
    compiled = context.template.engine.get_template(block.template)
    with context.push(**block.context):
        return compiled.render(context)


@register.simple_tag(takes_context=True)
def render_block_lead(context, block):
    """Draw a block's sentence for the page's introduction, with the block's context."""
    compiled = context.template.engine.get_template(block.lead_template)
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


@register.filter
def counted(number, phrase):
    """``number`` with the noun of ``phrase`` (an ``ngettext_lazy(..., "count")``) in the
    plural form the language needs: ``{{ 5|counted:listing.count_phrase }}`` → "5 akcí"."""
    return phrase % {"count": number}


@register.simple_tag(takes_context=True)
def facet_checkboxes(context, facet, options):
    """The checkboxes of a facet's values (``includes/_facets.html``): the HTML a template loop
    gave, written here because every list page draws dozens of values (the events list about
    a hundred) and the loop's nodes cost more than the rest of the filters."""
    name = conditional_escape(facet.name)
    numbers = {}
    items = []
    for counter, option in enumerate(options, 1):
        if option.count not in numbers:
            numbers[option.count] = render_value_in_context(option.count, context)
        checked = " checked" if option.selected else ""
        items.append(
            f'\n      <li><input type="checkbox" name="{name}" '
            f'value="{conditional_escape(option.value)}" id="f-{name}-{counter}"{checked}>\n'
            f'        <label for="f-{name}-{counter}">{conditional_escape(option.label)} '
            f'<span class="count"><span aria-hidden="true">({numbers[option.count]})</span>'
            f'<span class="visually-hidden">({conditional_escape(option.counted)})</span>'
            "</span></label></li>\n      "
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def facet_select_options(context, options):
    """The ``<option>`` elements of a one-value facet (``includes/_facets.html``)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f'<option value="{conditional_escape(option.value)}"'
            f"{' selected' if option.selected else ''}>{conditional_escape(option.label)} "
            f"({render_value_in_context(option.count, context)})</option>"
            for option in options
        )
    )


@register.simple_tag
def chosen_filter_count(facets):
    """How many filter values are chosen across ``facets``."""
    return sum(len(facet.selected_options) for facet in facets)


# --- dates: one way per language, from the format modules (network_portal/formats) --------
def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _join(left: str, right: str) -> str:
    """An en dash between two dates: unspaced between single words ("6.–7. 1. 2027",
    "6–7 January 2027"), spaced when a side has spaces of its own."""
    return f"{left}–{right}" if " " not in left else f"{left} – {right}"


@register.filter
def day(value):
    """A date (or the local day of a moment): "6. 1. 2027", "6 January 2027"."""
    if not value:
        return ""
    return formats.date_format(_local(value) if hasattr(value, "hour") else value)


@register.filter
def long_day(value):
    """A date with its weekday: "středa 6. 1. 2027", "Wednesday 6 January 2027"."""
    if not value:
        return ""
    value = _local(value) if hasattr(value, "hour") else value
    modules = formats.get_format_modules(get_language())
    pattern = next(
        (module.LONG_DATE_FORMAT for module in modules if hasattr(module, "LONG_DATE_FORMAT")),
        "DATE_FORMAT",
    )
    return formats.date_format(value, pattern)


@register.filter
def moment(value):
    """A date and time: "6. 1. 2027, 9:00", "6 January 2027, 9:00"."""
    return formats.date_format(_local(value), "DATETIME_FORMAT") if value else ""


@register.filter
def date_range(start, end=None):
    """The days from ``start`` to ``end``, the shared parts written once:
    "6.–7. 1. 2027" / "6–7 January 2027", "6. 1. – 7. 2. 2027" / "6 January – 7 February
    2027", "31. 12. 2026 – 2. 1. 2027"."""
    if not start:
        return ""
    first = _local(start) if hasattr(start, "hour") else start
    last = (_local(end) if hasattr(end, "hour") else end) if end else first
    if (first.year, first.month, first.day) == (last.year, last.month, last.day):
        return formats.date_format(first)
    whole = formats.date_format(last)
    if first.year != last.year:
        return _join(formats.date_format(first), whole)
    czech = get_language() == "cs"
    if first.month == last.month:
        return _join(f"{first.day}." if czech else str(first.day), whole)
    return _join(formats.date_format(first, "MONTH_DAY_FORMAT"), whole)


@register.filter
def datetime_range(start, end=None):
    """From ``start`` to ``end`` with times: "6. 1. 2027, 9:00–12:30" on one day,
    "6. 1. 2027, 9:00 – 7. 1. 2027, 16:00" across days (English alike)."""
    if not start:
        return ""
    first = _local(start)
    if not end:
        return formats.date_format(first, "DATETIME_FORMAT")
    last = _local(end)
    if first.date() == last.date():
        times = f"{formats.time_format(first)}–{formats.time_format(last)}"
        return f"{formats.date_format(first)}, {times}"
    return _join(
        formats.date_format(first, "DATETIME_FORMAT"), formats.date_format(last, "DATETIME_FORMAT")
    )


@register.filter
def highlight(snippet):
    """A search snippet made safe: everything escaped, then only the words found become
    ``<mark>`` (``network_portal.search.snippets``)."""
    return search.highlight(snippet)
