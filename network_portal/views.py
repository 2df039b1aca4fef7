import logging
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from goodpractice.listing import PracticeSearch, text_search_plan
from members.models import Member
from network_portal.forms import AccessibilityReportForm, SiteSearchForm
from network_portal.ratelimit import rate_limit_exceeded
from network_portal.services import accessibility_report_send

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


# Reports of accessibility problems per visitor (IP address), counted across all servers.
ACCESSIBILITY_REPORT_LIMIT = 5
ACCESSIBILITY_REPORT_PERIOD = timedelta(hours=1)


def accessibility_statement(request):
    status = 200
    if request.method == "POST":
        form = AccessibilityReportForm(request.POST)
        if form.is_valid():
            if rate_limit_exceeded(
                scope="accessibility-report",
                key=get_client_ip_address(request) or "",
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


def site_search(request):
    """One search box for the whole portal: members by name, good practice by full text.

    Each section shows its best matches and links to its own list with the same words, where
    the visitor can filter further.
    """
    form = SiteSearchForm(request.GET or None)
    context = {"form": form, "query": ""}
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        params = QueryDict(mutable=True)
        params["q"] = query
        members = Member.objects.public().search(query).select_related("region")
        practices = (
            PracticeSearch(params)
            .results()
            .select_related("topic")
            .prefetch_related(Prefetch("members", queryset=Member.objects.select_related("region")))
        )
        # The same query plan as the good-practice list uses for a search (GIN index first).
        with text_search_plan(True):
            context.update(
                practices=list(practices[:SEARCH_PREVIEW]),
                practices_total=practices.count(),
            )
        context.update(
            query=query,
            members=list(members[:SEARCH_PREVIEW]),
            members_total=members.count(),
            encoded=params.urlencode(),
        )
    return render(request, "search.html", context)


# The error pages render in the site layout. Unlike Django's own handlers they are not wrapped
# in requires_csrf_token: that runs the CSRF check again, which reads request.POST again, and
# a body that could not be parsed the first time then breaks the error page too (see
# network_portal.middleware). The layout's forms get their token from the csrf context
# processor all the same.
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


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
