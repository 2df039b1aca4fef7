"""RSS and Atom generators that survive any stored text.

XML 1.0 cannot carry most control characters, and Django's feed writer answers such text with
``UnserializableContentError`` (a 500). New text is cleaned when stored (see
:mod:`network_portal.text`), but rows written before that rule, or by raw SQL, may still hold
them: these generators clean every string of the feed and of each item on the way out. Use
them as ``feed_type`` of every ``django.contrib.syndication`` feed of the portal.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from network_portal.ratelimit import limited_per_visitor
from network_portal.text import clean_text


def _clean(value):
    if isinstance(value, str | Promise):
        return clean_text(str(value))
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class CleanFeedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*_clean(args), **{key: _clean(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_clean(args), **{key: _clean(value) for key, value in kwargs.items()})


class CleanRssFeed(CleanFeedMixin, Rss201rev2Feed):
    pass


class CleanAtomFeed(CleanFeedMixin, Atom1Feed):
    pass


# A list's feed (RSS, Atom, iCalendar) with words searches as the list does: when it missed the
# page cache it counts against the visitor's list searches ("list-search" in
# ratelimit.VISITOR_LIMITS), which a reader polling a feed never nears. Without words it is
# the list's newest, not counted. Feed readers read no page: the answer is plain text.
limited_feed = limited_per_visitor(
    "list-search",
    gettext_lazy(
        "You have searched many times in a short time. Please wait a minute and search again."
    ),
    counted=lambda request: bool(request.GET.get("q", "").strip()),
)
