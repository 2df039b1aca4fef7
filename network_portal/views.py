import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.sitemaps import views as sitemaps_views
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from network_portal import sections
from network_portal.clients import rate_limit_key
from network_portal.forms import AccessibilityReportForm, SiteSearchForm
from network_portal.ratelimit import rate_limit_exceeded, retry_after, visitor_over_limit
from network_portal.services import accessibility_report_send
from network_portal.sitemaps import collect_sitemaps

logger = logging.getLogger(__name__)


def root_redirect(request):
    """``/`` goes to the language the browser prefers, Czech otherwise."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return HttpResponseRedirect(reverse("home"))


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class HomeView(TemplateView):
    template_name = "home.html"


class LocalizedTemplateView(TemplateView):
    """A long text page kept as one template per language (``name.cs.html``, ``name.en.html``)."""

    base_name = ""

    def get_template_names(self):
        return [f"pages/{self.base_name}.{translation.get_language()}.html"]


class PrivacyView(LocalizedTemplateView):
    base_name = "privacy"

    def get_context_data(self, **kwargs):
        """The retention periods of registrants' data, as the settings have them."""
        months = settings.EVENTS_RETENTION_MONTHS
        accredited = max(months, settings.EVENTS_ACCREDITED_RETENTION_MONTHS)
        return super().get_context_data(
            retention_period=months_text(months),
            accredited_retention_period=months_text(accredited),
            **kwargs,
        )


def months_text(months: int) -> str:
    """The number of months in words ("1 month", "24 months"; Czech has three forms)."""
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


# Reports of accessibility problems per visitor (address, IPv6 /64), counted across all servers.
ACCESSIBILITY_REPORT_LIMIT = 5
ACCESSIBILITY_REPORT_PERIOD = timedelta(hours=1)


def accessibility_statement(request):
    status = 200
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            if rate_limit_exceeded(
                scope="accessibility-report",
                key=rate_limit_key(request),
                limit=ACCESSIBILITY_REPORT_LIMIT,
                period=ACCESSIBILITY_REPORT_PERIOD,
            ):
                form.add_error(
                    None,
                    translation.gettext(
                        "You have sent several reports in a short time. Please try again in "
                        "an hour, or write to %(email)s."
                    )
                    % {"email": settings.ACCESSIBILITY_CONTACT_EMAIL},
                )
                status = 429
            else:
                accessibility_report_send(**form.cleaned_data)
                messages.success(
                    request, translation.gettext("Thank you. We will reply within 30 days.")
                )
                return redirect("accessibility")
    else:
        form = AccessibilityReportForm(initial={"page_url": request.GET.get("page", "")})
    template = f"pages/accessibility.{translation.get_language()}.html"
    return render(
        request,
        template,
        {"form": form, "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
        status=status,
    )


SEARCH_PREVIEW = 8


class SectionSearch:
    """One section's part of the site search, searched when the page first asks for it."""

    def __init__(self, section, request, query):
        self.section, self.request, self.query = section, request, query

    @functools.cached_property
    def results(self):
        return self.section.search(self.request, self.query, SEARCH_PREVIEW)


def site_search(request):
    """One search box for the whole portal: each section's provider shows its best matches
    and links to the section's own list with the same words, where the visitor can filter."""
    form = SiteSearchForm(request.GET or None)
    context = {"form": form, "query": "", "results": []}
    if form.is_valid() and form.cleaned_data["q"]:
        # Searches that reach the view are limited per visitor (ratelimit.VISITOR_LIMITS).
        wait = visitor_over_limit(request, "site-search")
        if wait:
            # The words stay in the box, so that nothing typed is lost.
            context["too_many"] = True
            return retry_after(render(request, "search.html", context, status=429), wait)
        query = form.cleaned_data["q"]
        context["query"] = query

        # Drawn in search.html's {% shared %} parts: the results are the same for every
        # visitor (a section's search reads no visitor), drawn once until a write to what
        # they read, for logged-in visitors too; each section's in a part of its own, so that
        # after a write to one section's tables only that section searches again.
        context["results"] = [
            SectionSearch(section, request, query)
            for section in sections.all_sections()
            if section.search
        ]
    return render(request, "search.html", context)


def sitemap(request):
    return sitemaps_views.sitemap(request, sitemaps=collect_sitemaps())


# The error pages render in the site layout. Unlike Django's own handlers they are not wrapped
# in requires_csrf_token: that runs the CSRF check again, which reads request.POST again, and
# a body that could not be parsed the first time then breaks the error page too (see
# network_portal.middleware). The layout's forms get their token from the csrf context
# processor all the same.
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def request_too_large(request, exception=None):
    """413: the body is over the portal's limits (network_portal.middleware)."""
    context = {
        "max_size_mb": settings.REQUEST_BODY_MAX_SIZE // (1024 * 1024),
    }
    return render(request, "413.html", context, status=413)


def service_unavailable(request):
    """503 while the database is away (network_portal.middleware): the page in the layout,
    drawn for an anonymous visitor, because reading the session would need the database."""
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    try:
        response = render(request, "503.html", status=503)
    except Exception:
        logger.exception("Rendering the 503 page failed")
        response = HttpResponse(
            "The portal is briefly unavailable. Please try again in a minute.\n",
            status=503,
            content_type="text/plain",
        )
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the 403 page of the site rather than Django's plain one."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page in the site layout; falls back to plain text if even that fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("Rendering the 500 page failed")
        template = loader.get_template("500_plain.html")
        return HttpResponse(template.render(), status=500)
