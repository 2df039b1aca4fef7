"""The newsletter section: the subscribe page in the navigation and the sitemap."""

from django.utils.translation import gettext_lazy as _

from network_portal.sections import Section
from newsletter.sitemaps import sitemaps

section = Section(
    name="newsletter",
    label=_("Newsletter"),
    description=_("What is new in the sections, regions and topics you choose, by e-mail."),
    list_url_name="newsletter:subscribe",
    path=_("newsletter/"),
    urls="newsletter.urls",
    order=90,
    sitemaps=sitemaps,
)
