"""Article bodies: Markdown written by staff, rendered and sanitised at display time.

markdown-it-py renders CommonMark with raw HTML switched off (``<script>`` in the source comes
out as text), then nh3 (the Rust ``ammonia`` sanitiser) keeps only an allow-list of tags and
attributes, links with http, https or mailto only, and adds ``rel="noopener"``. Two layers, so a
bug or a permissive option in one of them does not let an editor's HTML reach a page.

The HTML is made when a page is drawn, not stored: there is one source of truth (the Markdown),
a tightened policy applies at once to every old article, and rendering a few kilobytes takes
well under a millisecond. Lists and feeds use the plain perex and never render bodies.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """The safe HTML of a Markdown text (headings start at level 2: the page has the h1)."""
    if not text:
        return mark_safe("")
    html = _markdown.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 above
