"""A coordinator's pages for their member's registrations: registering colleagues, the list of
everybody registered from the member (by the coordinator or claiming the member), and one
registration to change, cancel, confirm or reject.

A coordinator reaches registrations naming a member they coordinate
(``Registration.objects.coordinated_by``); any other is a 404. The pages never show a
registrant's dietary or accessibility needs: the organisers need those, the coordinator does
not.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.forms import ChangePartsForm, ColleaguesForm
from events.models import EventPart, Registration, RegistrationPart
from events.services.approval import (
    member_claim_confirm,
    member_claim_reject,
    registration_approve,
    registration_decline,
)
from events.services.places import member_places_used_by
from events.services.registration import (
    registration_cancel,
    registration_change_parts,
    registration_create_group,
)
from events.views.shared import add_errors, open_parts, registration_queryset
from members.models import Member

# Events that ended this long ago still appear on the coordinator's page (attendance, claims).
RECENT_DAYS = 30
# The colleagues form lists each member's quota left only for a coordinator's few members.
QUOTA_MEMBERS = 5


def _coordinated_members(user, *, staff_all: bool = False):
    """The members ``user`` coordinates (with ``staff_all``, every member for staff who may
    edit members); none is a 403."""
    members = (
        Member.objects.editable_by(user) if staff_all else Member.objects.filter(coordinators=user)
    )
    members = list(members.order_by("name"))
    if not members:
        raise PermissionDenied
    return members


def _quota_rows(parts, members, used=None):
    """Per part, per member: the member's places used and left (only parts with a quota);
    one query for all of them (or none, given the counts ``used`` of a wider set)."""
    parts = [part for part in parts if part.member_quota]
    if not parts or not members:
        return []
    if used is None:
        used = member_places_used_by(parts, members)
    return [
        (
            part,
            member,
            used[part.pk, member.pk],
            max(part.member_quota - used[part.pk, member.pk], 0),
        )
        for part in parts
        for member in members
    ]


@login_required
def register_colleagues(request, slug):
    """A coordinator registers colleagues of their own member (within its quota); the page
    shows each part's availability and the quota left, and afterwards each person's result."""
    members = _coordinated_members(request.user, staff_all=True)
    event = get_object_or_404(registration_queryset(request.user), slug=slug)
    parts = open_parts(event)
    if not parts:
        return render(request, "events/registration_closed.html", {"event": event})
    form = ColleaguesForm(
        request.POST or None,
        parts=parts,
        members=Member.objects.filter(pk__in=[member.pk for member in members]).order_by("name"),
    )
    context = {
        "event": event,
        "form": form,
        "parts": parts,
        "quotas": _quota_rows(parts, members if len(members) <= QUOTA_MEMBERS else []),
    }
    if request.method == "POST" and form.is_valid() and not form.is_spam:
        data = form.cleaned_data
        try:
            registrations = registration_create_group(
                event=event,
                parts=list(data["parts"]),
                people=form.people(),
                member=data["member"],
                organisation=data["member"].name,
                show_organisation=data["show_organisation"],
                language=get_language(),
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            results = [
                (registration, list(registration.parts.for_page()))
                for registration in registrations
            ]
            return render(
                request,
                "events/registration_colleagues_done.html",
                {"event": event, "results": results, "member": data["member"]},
            )
    return render(request, "events/registration_colleagues.html", context)


@login_required
def member_registrations(request):
    """Everybody registered from the members the user coordinates, event by event: states,
    claims to confirm, entries to approve, and the quota left per part."""
    members = _coordinated_members(request.user)
    since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
    registrations = list(
        Registration.objects.coordinated_by(request.user)
        .filter(event__end__gte=since)
        .select_related("event", "member", "created_by")
        .prefetch_related(
            Prefetch(
                "parts",
                queryset=RegistrationPart.objects.select_related("part").order_by(
                    "part__start", "part__pk"
                ),
            )
        )
        .order_by("event__start", "event__pk", "name", "pk")
    )
    by_event = defaultdict(list)
    for registration in registrations:
        by_event[registration.event].append(registration)
    parts = list(EventPart.objects.filter(event__in=list(by_event)).order_by("start", "pk"))
    parts_by_event = defaultdict(list)
    for part in parts:
        parts_by_event[part.event_id].append(part)
    used = member_places_used_by([part for part in parts if part.member_quota], members)
    events = [
        {
            "event": event,
            "registrations": people,
            "quotas": _quota_rows(parts_by_event[event.pk], members, used),
            "claims": sum(1 for person in people if person.member_claimed),
        }
        for event, people in by_event.items()
    ]
    return render(
        request,
        "events/member_registrations.html",
        {"members": members, "events": events, "recent_days": RECENT_DAYS},
    )


@login_required
def member_registration(request, pk):
    """One registration from the coordinator's member: confirm or reject the member claimed,
    approve or decline entries waiting for approval, change the parts, cancel."""
    registration = get_object_or_404(
        Registration.objects.coordinated_by(request.user).select_related(
            "event", "member", "created_by"
        ),
        pk=pk,
    )
    event = registration.event
    now = timezone.now()
    rows = list(registration.parts.for_page())
    active_ids = {row.part_id for row in rows if row.is_active}
    parts = list(event.parts.all().order_by("start", "pk"))
    for part in parts:
        part.event = event
        part.state = part.registration_state(now)
    choosable = [
        part
        for part in parts
        if (part.state in ("open", "full") or part.pk in active_ids) and now < part.start
    ]
    form = ChangePartsForm(
        request.POST if request.POST.get("action") == "change" else None,
        parts=choosable,
        initial={"parts": sorted(active_ids)},
    )
    context = {
        "registration": registration,
        "event": event,
        "rows": rows,
        "form": form,
        "choosable": choosable,
        "can_cancel": any(row.is_active and row.part.start > now for row in rows),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm-member":
                member_claim_confirm(registration=registration, user=request.user)
                messages.success(request, _("The member is confirmed."))
            elif action == "reject-member":
                if request.POST.get("confirm") != "yes":
                    return render(
                        request,
                        "events/member_registration_confirm.html",
                        context | {"act": action},
                    )
                member_claim_reject(registration=registration, user=request.user)
                messages.success(request, _("The member was removed from the registration."))
                return redirect("events:member-registrations")
            elif action in ("approve", "decline"):
                row_id = request.POST.get("row", "")
                row = get_object_or_404(
                    RegistrationPart.objects.filter(registration=registration),
                    pk=int(row_id) if row_id.isdigit() else 0,
                )
                if action == "approve":
                    registration_approve(row=row, user=request.user)
                    messages.success(request, _("The entry is approved."))
                else:
                    registration_decline(row=row, user=request.user)
                    messages.success(request, _("The entry is declined."))
            elif action == "change":
                if not form.is_valid():
                    return render(request, "events/member_registration.html", context)
                registration_change_parts(
                    registration=registration,
                    parts=list(form.cleaned_data["parts"]),
                    user=request.user,
                )
                messages.success(request, _("The registration was changed."))
            elif action == "cancel":
                if request.POST.get("confirm") != "yes":
                    return render(
                        request,
                        "events/member_registration_confirm.html",
                        context | {"act": action},
                    )
                registration_cancel(registration=registration, user=request.user)
                messages.success(request, _("The registration is cancelled."))
                return redirect("events:member-registrations")
            return redirect(reverse("events:member-registration", kwargs={"pk": registration.pk}))
        except ValidationError as error:
            if form.is_bound:
                add_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
            return render(request, "events/member_registration.html", context, status=400)
    return render(request, "events/member_registration.html", context)
