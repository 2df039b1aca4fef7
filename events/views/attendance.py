"""Staff pages of an event after registration: the attendance overview, the check-in page of
each part (made for a phone at the door; works without JavaScript) and the attendance
exports. Everything needs ``events.check_in``; the services check the same permission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.forms import CheckInSearchForm, WalkInForm
from events.models import EventPart
from events.services.attendance import (
    ERRORS,
    EXPORT_COLUMNS,
    attendance_mark,
    attendance_rows,
    check_in_rows,
    export_log,
    part_counts,
    walk_in_register,
)
from events.services.personal_data import accredited_data_until, personal_data_until
from events.views.shared import (
    add_errors,
    staff_event,
)
from network_portal.exports import csv_response, xlsx_bytes


@login_required
def attendance(request, slug):
    """The event's parts with their counts, links to check-in and exports, certificates."""
    event = staff_event(request, slug)
    parts = list(event.parts.all())
    for part in parts:
        part.event = event
        part.counts = part_counts(part)
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "parts": parts,
            "accredited": any(part.is_accredited for part in parts),
            "certificates": event.certificates.current().count(),
            "can_issue": request.user.has_perm("events.add_certificate"),
            "personal_data_until": personal_data_until(event),
            "accredited_data_until": accredited_data_until(event),
        },
    )


def _check_in_url(event, part, query=""):
    url = reverse("events:check-in", kwargs={"slug": event.slug, "part": part.pk})
    return f"{url}?{urlencode({'q': query})}" if query else url


@login_required
def check_in(request, slug, part):
    """One part's check-in list: search, mark present or undo (one POST each), walk-ins."""
    event = staff_event(request, slug)
    part = get_object_or_404(EventPart, pk=part, event=event)
    part.event = event
    search = CheckInSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    walk_in = WalkInForm(
        request.POST if request.POST.get("action") == "walk-in" else None,
        initial={"language": get_language()},
    )
    if request.method == "POST":
        query = request.POST.get("q", "")[:100]
        action = request.POST.get("action")
        try:
            if action in ("present", "undo"):
                registration_id = request.POST.get("registration", "")
                if not registration_id.isdigit():
                    raise ValidationError(ERRORS["not_registered"])
                attendance_mark(
                    part=part,
                    registration_id=int(registration_id),
                    present=action == "present",
                    user=request.user,
                )
                messages.success(
                    request,
                    _("Marked present.") if action == "present" else _("Presence undone."),
                )
                return redirect(_check_in_url(event, part, query) + f"#r{registration_id}")
            if action == "walk-in" and walk_in.is_valid():
                data = walk_in.cleaned_data
                walk_in_register(
                    part=part,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    member=data["member"],
                    override_reason=data["override_reason"],
                    language=data["language"],
                    user=request.user,
                )
                messages.success(
                    request,
                    _("%(name)s is registered and marked present.") % {"name": data["name"]},
                )
                return redirect(_check_in_url(event, part))
        except ValidationError as error:
            if action == "walk-in":
                add_errors(walk_in, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(_check_in_url(event, part, query))
    rows = list(check_in_rows(part, query))
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "part": part,
            "rows": rows,
            "query": query,
            "search": search,
            "counts": part_counts(part),
            "walk_in": walk_in,
        },
        status=400 if walk_in.is_bound and walk_in.errors else 200,
    )


EXPORT_FORMATS = ("csv", "xlsx")


@login_required
def export(request, slug, fmt):
    """The attendance of the event (or of ``?part=``) as CSV or XLSX; every export is logged."""
    event = staff_event(request, slug)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    part = None
    if request.GET.get("part"):
        if not request.GET["part"].isdigit():
            raise Http404
        part = get_object_or_404(EventPart, pk=request.GET["part"], event=event)
    rows = list(attendance_rows(event, part))
    export_log(user=request.user, event=event, part=part, export_format=fmt, rows=len(rows))
    filename = f"attendance-{event.slug[:60]}" + (f"-{part.pk}" if part else "")
    if fmt == "csv":
        return csv_response(iter(rows), [key for key, _label in EXPORT_COLUMNS], f"{filename}.csv")
    headers = [str(label) for _key, label in EXPORT_COLUMNS]
    body = xlsx_bytes(headers, ([row[key] for key, _label in EXPORT_COLUMNS] for row in rows))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
