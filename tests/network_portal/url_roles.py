"""What every URL pattern of the portal answers to each role: the table test_url_roles checks.

Every pattern of the root URLconf (both languages, the admin, allauth, the feeds, the
sitemap, the media route when it is served) must have an entry here; test_url_roles fails
naming each pattern that has none, so no section can add a page nobody thought about.

An entry is keyed by the pattern's name (``"events:detail"``), or, for the few unnamed
patterns, by the dotted path of its view. Each entry has one or more :class:`Case`: the URL's
arguments taken from the :class:`World` (real records made by the factories) and the outcome
for each of the four roles. ``post=True`` marks a URL that takes a state-changing form: the
CSRF test posts to it without a token and with another session's token, and the fuzz test
posts hostile values to the forms its page shows.

The admin is described by rules rather than one entry per pattern (:func:`admin_rule`): a
model's changelist/add/change/delete/history pages answer staff by the ModelAdmin's own
permission checks and send everybody else to the admin login; only the admin's own extra
views (an invitation form, a review page ...) need entries of their own.

To add a section's URL: add its records to :func:`build_world` if it needs new ones, then an
entry below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

# --- outcomes ------------------------------------------------------------------------------
OK = "ok"  # 200: the page (or file) itself
REDIRECT = "redirect"  # 302 somewhere that is not a login page
LOGIN = "login"  # 302 to the site's login page
ADMIN_LOGIN = "admin-login"  # 302 to the admin's login page (not staff)
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not-found"  # 404
NOT_ALLOWED = "not-allowed"  # 405: the URL takes POST only
BAD_REQUEST = "bad-request"  # 400: e.g. an invitation link that is not valid

ROLES = ("anonymous", "coordinator_a", "coordinator_b", "staff")


def expect(anonymous: str, coordinator_a: str, coordinator_b: str, staff: str) -> dict[str, str]:
    return {
        "anonymous": anonymous,
        "coordinator_a": coordinator_a,
        "coordinator_b": coordinator_b,
        "staff": staff,
    }


EVERYONE = expect(OK, OK, OK, OK)
LOGGED_IN = expect(LOGIN, OK, OK, OK)
# Member A's things that are not public: A (and staff) see them, B gets a 404.
MEMBER_A_ONLY = expect(NOT_FOUND, OK, NOT_FOUND, OK)
STAFF_PREVIEW = expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
STAFF_ONLY = expect(LOGIN, FORBIDDEN, FORBIDDEN, OK)
ADMIN = expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, OK)


@dataclass(frozen=True)
class Case:
    """One request: arguments from the world, the outcome per role, and GET or POST.

    A POST case is sent inside a savepoint that is rolled back, so no role sees another's
    changes."""

    kwargs: Callable[[World], Mapping] = lambda world: {}
    expect: Mapping[str, str] = field(default_factory=lambda: EVERYONE)
    label: str = ""
    args: Callable[[World], tuple] | None = None
    query: str = ""
    method: str = "get"
    data: Callable[[World], Mapping] = lambda world: {}


@dataclass(frozen=True)
class Entry:
    cases: tuple[Case, ...]
    # The URL takes a state-changing form (CSRF and fuzz tests).
    post: bool = False
    # A list or search whose query string the fuzz test attacks (``params``: its parameters
    # besides those its page's forms show).
    listing: bool = False
    params: tuple[str, ...] = ()


def entry(*cases: Case, post: bool = False, listing: bool = False, params=()) -> Entry:
    return Entry(cases=cases or (Case(),), post=post, listing=listing, params=tuple(params))


def slug(record_name: str):
    return lambda world: {"slug": getattr(world, record_name).slug}


# --- the records every case uses ------------------------------------------------------------
World = SimpleNamespace


def build_world(staff) -> World:
    """Members A and B with a coordinator each, network staff (``staff``), and per section a
    public record and a non-public one of member A."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.tokens import default_token_generator
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from events.links import address_token
    from events.models import Attendance, Certificate, ExportLog, Registration, RegistrationPart
    from events.models.certificate import new_certificate_code, new_download_key
    from events.tokens import new_nonce, registration_token
    from goodpractice.models import Practice, PracticeAttachment
    from members.applications import application_return, application_token
    from members.models import Member
    from members.services import invitation_tokens, member_profile_update
    from network_portal.pdf_uploads import document_store
    from newsletter.models import Announcement, Subscriber
    from newsletter.tokens import new_nonce as new_subscriber_nonce
    from newsletter.tokens import subscriber_token
    from tests.documents.factories import DocumentFactory
    from tests.events.factories import EventFactory, EventPartFactory
    from tests.factories import MemberFactory, RatingFactory, RoleFactory, UserFactory
    from tests.goodpractice.factories import PracticeFactory
    from tests.news.factories import ArticleFactory
    from tests.pages.factories import PageFactory, SiteTextFactory
    from tests.pdfs import plain_pdf
    from tests.projects.factories import FunderFactory, PartnerFactory, ProjectFactory

    w = World(staff=staff)
    # Members and their coordinators.
    w.member_a = MemberFactory(name="Litoměřice", slug="litomerice")
    w.member_b = MemberFactory(name="Tachov", slug="tachov")
    w.former_member = MemberFactory(
        name="Bývalá obec", slug="byvala-obec", status=Member.Status.FORMER
    )
    w.coordinator_a = UserFactory(email="koordinator.a@example.org")
    w.coordinator_b = UserFactory(email="koordinator.b@example.org")
    w.member_a.coordinators.add(w.coordinator_a)
    w.member_b.coordinators.add(w.coordinator_b)
    w.role = RoleFactory(member=w.member_a)
    w.rating = RatingFactory(member=w.member_a)
    member_profile_update(
        member=w.member_a, user=w.coordinator_a, data={"description_cs": "Upravený popis."}
    )
    w.profile_edit = w.member_a.history.filter(history_change_reason__isnull=False).latest(
        "history_date"
    )
    w.invited = UserFactory(email="pozvany@example.org")
    w.invited.set_unusable_password()
    w.invited.save()
    w.invitation = {
        "uidb64": _uidb64(w.invited.pk),
        "token": invitation_tokens.make_token(w.invited),
    }
    # Membership applications: one waiting for review, one returned with its correction link.
    w.application = _application(ico="00259586")
    w.returned_application = _application(ico="00259594")
    returned = application_return(
        application_id=w.returned_application.pk, user=staff, reason="Chybí datum."
    )
    w.application_token = {"token": application_token(returned)}
    w.forged_application_token = {"token": f"{returned.pk}-{'0' * 40}"}
    # Newsletter: a confirmed subscriber's links.
    w.subscriber = Subscriber.objects.create(
        email="odberatel@example.org",
        language="cs",
        sections=["news"],
        token_nonce=new_subscriber_nonce(),
        confirmed_at=timezone.now(),
    )
    w.newsletter = {
        purpose: {"token": subscriber_token(w.subscriber, purpose)}
        for purpose in ("confirm", "manage", "unsubscribe")
    }
    w.forged_newsletter = {"token": f"{w.subscriber.pk}-{'0' * 40}"}
    w.announcement = Announcement.objects.create(subject="Oznámení", body="Text.")
    # Accounts: an e-mail to confirm and a password reset link.
    w.email_address = EmailAddress.objects.create(
        user=w.coordinator_a, email=w.coordinator_a.email, primary=True, verified=False
    )
    w.confirmation_key = EmailConfirmationHMAC(w.email_address).key
    w.reset_link = {
        "uidb36": user_pk_to_url_str(w.coordinator_b),
        "key": default_token_generator.make_token(w.coordinator_b),
    }
    # Good practice: member A's published example with a PDF, and A's draft with a PDF.
    w.practice = PracticeFactory(members=[w.member_a])
    w.draft = PracticeFactory(members=[w.member_a], status=Practice.Status.DRAFT, published_at=None)
    for practice, name in ((w.practice, "attachment"), (w.draft, "draft_attachment")):
        stored = document_store(
            upload=SimpleUploadedFile("a.pdf", plain_pdf(), "application/pdf"),
            folder="goodpractice/attachments",
        )
        setattr(
            w,
            name,
            PracticeAttachment.objects.create(practice=practice, file=stored, title="Příloha"),
        )
    # Events: a published event with an open part, a registration with an offered place,
    # and a draft event.
    w.event = EventFactory(hosts=[w.member_a])
    # Accredited, so that the certificate pages (preview, sample PDF) have a recipient.
    w.event_part = EventPartFactory(
        event=w.event,
        accreditation_number="AK/PV-456/2026",
        accredited_programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accredited_hours=6,
    )
    w.draft_event = EventFactory(status="draft")
    EventPartFactory(event=w.draft_event)
    w.registration = Registration.objects.create(
        event=w.event, name="Jana Nová", email="jana@example.org", token_nonce=new_nonce()
    )
    w.offer = RegistrationPart.objects.create(
        registration=w.registration,
        part=w.event_part,
        email=w.registration.email,
        status=RegistrationPart.Status.OFFERED,
        offer_expires_at=timezone.now() + timedelta(days=1),
    )
    w.token = registration_token(w.registration)
    w.forged_token = w.token[:-4] + "0000"
    # After the day: attendance, an export log and a certificate of member A's event.
    w.other_event_part = EventPartFactory(event=w.draft_event)
    Attendance.objects.create(
        registration=w.registration, part=w.event_part, recorded_at=timezone.now()
    )
    ExportLog.objects.create(
        user=staff,
        user_email=staff.email,
        event=w.event,
        event_title="x",
        export_format="csv",
        rows=1,
    )
    w.certificate = Certificate.objects.create(
        event=w.event,
        registration=w.registration,
        code=new_certificate_code(),
        download_key=new_download_key(),
        name=w.registration.name,
        event_title="Seminář",
        event_date=timezone.localdate(),
        programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accreditation_number="AK/PV-456/2026",
        hours=6,
        language="cs",
        pdf=b"%PDF-1.4\n%%EOF\n",
        issued_at=timezone.now(),
        issued_by=staff,
    )
    w.other_registration = Registration.objects.create(
        event=w.event, name="Petr Starý", email="petr@example.org", token_nonce=new_nonce()
    )
    w.other_offer = RegistrationPart.objects.create(
        registration=w.other_registration,
        part=w.event_part,
        email=w.other_registration.email,
        status=RegistrationPart.Status.CONFIRMED,
    )
    # A person claiming member A, not confirmed by its coordinator.
    w.claim = Registration.objects.create(
        event=w.event,
        name="Tvrdí Litoměřice",
        email="tvrdi@example.org",
        member=w.member_a,
        token_nonce=new_nonce(),
    )
    RegistrationPart.objects.create(
        registration=w.claim,
        part=w.event_part,
        email=w.claim.email,
        status=RegistrationPart.Status.PENDING,
    )
    w.address_token = address_token(w.registration.email)
    # Projects and news.
    w.project = ProjectFactory(funders=[FunderFactory()])
    w.draft_project = ProjectFactory(publication="draft")
    PartnerFactory(project=w.project, member=w.member_a)
    w.article = ArticleFactory(members=[w.member_a])
    w.draft_article = ArticleFactory(published_at=None)
    # The documents library: one of the public event's, a draft.
    w.document = DocumentFactory(event=w.event, members=[w.member_a])
    w.draft_document = DocumentFactory(status="draft")
    # The network's pages: a published sub-page (with a document of the library) and a draft.
    w.page_parent = PageFactory(slug="o-nas", show_in_navigation=True)
    w.page = PageFactory(parent=w.page_parent, slug="kancelar")
    w.draft_page = PageFactory(slug="koncept", published_at=None)
    w.page_document = DocumentFactory(page=w.page)
    SiteTextFactory(key="footer")
    # One record of each model the admin shows that nothing above creates.
    AccessAttempt.objects.create(
        username="x@example.org", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username="x@example.org", ip_address="192.0.2.1", user_agent="test")
    AccessFailureLog.objects.create(
        username="x@example.org", ip_address="192.0.2.1", user_agent="test"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) "
            "VALUES ('default', 'network_portal.tasks.noop', '{}', 'todo')"
        )
    # An uploaded image, served from MEDIA_ROOT when the portal serves media itself.
    w.media_path = w.attachment.file.name
    return w


def _application(*, ico: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.applications import application_submit
    from members.models import Region
    from tests.pdfs import plain_pdf

    data = {
        "kind": "town",
        "name": "Rokycany",
        "ico": ico,
        "region": Region.objects.get(nuts3="CZ032"),
        "address": "Masarykovo nám. 1, Rokycany",
        "resolution_number": "RM/1/2026",
        "resolution_date": timezone.localdate(),
        "politician_first_name": "Petr",
        "politician_last_name": "Vrána",
        "politician_position": "starosta",
        "politician_email": "starosta@rokycany.example.org",
        "coordinator_first_name": "Tereza",
        "coordinator_last_name": "Kořínská",
        "coordinator_position": "koordinátorka",
        "coordinator_email": "koordinatorka@rokycany.example.org",
        "contact_name": "Jana Nová",
        "contact_email": "jana@rokycany.example.org",
    }
    return application_submit(
        data=data,
        resolution=SimpleUploadedFile("u.pdf", plain_pdf(), "application/pdf"),
        language="cs",
    )


def _uidb64(pk) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(pk))


# --- the table ------------------------------------------------------------------------------
URLS: dict[str, Entry] = {
    # Outside the language prefix.
    "root": entry(Case(expect=expect(REDIRECT, REDIRECT, REDIRECT, REDIRECT))),
    "healthz": entry(),
    "sitemap": entry(),
    "network_portal.uploads.serve_upload": entry(
        Case(kwargs=lambda w: {"path": w.media_path}),
        Case(kwargs=lambda w: {"path": "nic/neni.pdf"}, expect=expect(*[NOT_FOUND] * 4)),
    ),
    # The portal's own pages.
    "home": entry(),
    "accessibility": entry(post=True),
    "privacy": entry(),
    "search": entry(Case(query="q=Litoměřice"), listing=True),
    # Accounts (allauth). Sign-up is closed; logged-in users are sent on from the login page.
    "account_login": entry(Case(expect=expect(OK, REDIRECT, REDIRECT, REDIRECT)), post=True),
    "account_logout": entry(Case(expect=expect(REDIRECT, OK, OK, OK)), post=True),
    "account_inactive": entry(),
    "account_signup": entry(Case(expect=expect(OK, REDIRECT, REDIRECT, REDIRECT)), post=True),
    "account_reauthenticate": entry(Case(expect=LOGGED_IN), post=True),
    "account_email": entry(Case(expect=LOGGED_IN), post=True),
    "account_email_verification_sent": entry(),
    "account_change_password": entry(Case(expect=LOGGED_IN), post=True),
    "account_set_password": entry(
        Case(expect=expect(LOGIN, REDIRECT, REDIRECT, REDIRECT)), post=True
    ),
    "account_reset_password": entry(post=True),
    # Login by code is not enabled: without a pending code login the page sends people on.
    "account_confirm_login_code": entry(
        Case(expect=expect(LOGIN, REDIRECT, REDIRECT, REDIRECT)), post=True
    ),
    "account_confirm_email": entry(
        Case(kwargs=lambda w: {"key": w.confirmation_key}),
        Case(kwargs=lambda w: {"key": "neplatny-klic"}, label="invalid key"),
        post=True,
    ),
    "account_reset_password_from_key_done": entry(),
    "account_reset_password_from_key": entry(
        Case(kwargs=lambda w: w.reset_link),
        Case(kwargs=lambda w: {"uidb36": "zz", "key": "x-y"}, label="invalid key"),
        post=True,
    ),
    "account_reset_password_done": entry(),
    # Members.
    "members:list": entry(listing=True, params=("q", "page")),
    "members:export-csv": entry(listing=True),
    "members:export-json": entry(listing=True),
    "members:mine": entry(Case(expect=LOGGED_IN)),
    "members:invitation": entry(
        Case(kwargs=lambda w: w.invitation),
        Case(
            kwargs=lambda w: {**w.invitation, "token": "abc-123"},
            label="forged token",
            expect=expect(*[BAD_REQUEST] * 4),
        ),
        post=True,
    ),
    # Joining: the explanation, the public form and the correction link of a returned one.
    "members:membership": entry(),
    "members:apply": entry(post=True),
    "members:apply-thanks": entry(),
    "members:ico-lookup": entry(
        Case(kwargs=lambda w: {"ico": w.member_a.ico}),
        Case(kwargs=lambda w: {"ico": "12345678"}, label="not an IČO"),
    ),
    "members:application-correct": entry(
        Case(kwargs=lambda w: w.application_token),
        Case(
            kwargs=lambda w: w.forged_application_token,
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
        post=True,
    ),
    "members:detail": entry(
        Case(kwargs=slug("member_a")),
        Case(kwargs=slug("former_member"), expect=expect(*[NOT_FOUND] * 4), label="former"),
    ),
    "members:edit": entry(
        Case(kwargs=slug("member_a"), expect=expect(LOGIN, OK, NOT_FOUND, OK)),
        Case(kwargs=slug("member_b"), expect=expect(LOGIN, NOT_FOUND, OK, OK)),
        post=True,
    ),
    # Newsletter: the subscribe form, and the pages behind the signed links of its mails.
    "newsletter:subscribe": entry(post=True),
    "newsletter:check-mail": entry(),
    "newsletter:confirm": entry(
        Case(kwargs=lambda w: w.newsletter["confirm"]),
        Case(kwargs=lambda w: w.forged_newsletter, expect=expect(*[NOT_FOUND] * 4), label="forged"),
        Case(
            kwargs=lambda w: w.newsletter["manage"],
            expect=expect(*[NOT_FOUND] * 4),
            label="another purpose's token",
        ),
        post=True,
    ),
    "newsletter:manage": entry(
        Case(kwargs=lambda w: w.newsletter["manage"]),
        Case(kwargs=lambda w: w.forged_newsletter, expect=expect(*[NOT_FOUND] * 4), label="forged"),
        post=True,
    ),
    "newsletter:data": entry(
        Case(kwargs=lambda w: w.newsletter["manage"]),
        Case(kwargs=lambda w: w.newsletter["manage"], query="format=json", label="JSON"),
        Case(kwargs=lambda w: w.forged_newsletter, expect=expect(*[NOT_FOUND] * 4), label="forged"),
        post=True,
    ),
    # RFC 8058: mail clients POST the one-click unsubscribe without any form of ours, so this
    # URL takes a POST without a CSRF token (the signed link is the credential); not post=True.
    "newsletter:unsubscribe": entry(
        Case(kwargs=lambda w: w.newsletter["unsubscribe"]),
        Case(kwargs=lambda w: w.forged_newsletter, expect=expect(*[NOT_FOUND] * 4), label="forged"),
        Case(kwargs=lambda w: w.newsletter["unsubscribe"], method="post", label="one-click POST"),
    ),
    # Good practice.
    "goodpractice:list": entry(listing=True, params=("q", "page", "sort")),
    "goodpractice:feed-rss": entry(listing=True),
    "goodpractice:feed-atom": entry(listing=True),
    "goodpractice:export-csv": entry(listing=True),
    "goodpractice:export-json": entry(listing=True),
    "goodpractice:mine": entry(Case(expect=LOGGED_IN)),
    "goodpractice:create": entry(Case(expect=LOGGED_IN), post=True),
    "goodpractice:detail": entry(
        Case(kwargs=slug("practice")),
        Case(kwargs=slug("draft"), expect=MEMBER_A_ONLY, label="draft of A"),
    ),
    "goodpractice:edit": entry(
        Case(kwargs=slug("draft"), expect=expect(LOGIN, OK, NOT_FOUND, OK)),
        Case(
            kwargs=slug("practice"),
            expect=expect(LOGIN, REDIRECT, NOT_FOUND, REDIRECT),
            label="published (not editable)",
        ),
        post=True,
    ),
    "goodpractice:submit": entry(
        Case(kwargs=slug("draft"), expect=expect(LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
        Case(
            kwargs=slug("draft"),
            method="post",
            expect=expect(LOGIN, REDIRECT, NOT_FOUND, REDIRECT),
            label="POST",
        ),
        post=True,
    ),
    "goodpractice:attachment": entry(
        Case(kwargs=lambda w: {"slug": w.practice.slug, "pk": w.attachment.pk}),
        Case(
            kwargs=lambda w: {"slug": w.draft.slug, "pk": w.draft_attachment.pk},
            expect=MEMBER_A_ONLY,
            label="draft of A",
        ),
        Case(
            kwargs=lambda w: {"slug": w.practice.slug, "pk": w.draft_attachment.pk},
            expect=expect(*[NOT_FOUND] * 4),
            label="another example's attachment",
        ),
    ),
    # Events.
    "events:list": entry(listing=True, params=("q", "page")),
    "events:feed-ical": entry(listing=True),
    "events:feed-rss": entry(listing=True),
    "events:export-csv": entry(listing=True),
    "events:export-json": entry(listing=True),
    # The private link is the credential: whoever holds it manages the registration.
    "events:manage": entry(
        Case(kwargs=lambda w: {"token": w.token}),
        Case(
            kwargs=lambda w: {"token": w.forged_token},
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
        post=True,
    ),
    "events:manage-ical": entry(
        Case(kwargs=lambda w: {"token": w.token}),
        Case(
            kwargs=lambda w: {"token": w.forged_token},
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
    ),
    "events:offer": entry(
        Case(kwargs=lambda w: {"token": w.token, "pk": w.offer.pk}),
        Case(
            kwargs=lambda w: {"token": w.token, "pk": w.other_offer.pk},
            expect=expect(*[NOT_FOUND] * 4),
            label="another registration's place",
        ),
        post=True,
    ),
    # The registrant's own data behind the same link; deleting is a POST.
    "events:manage-data": entry(
        Case(kwargs=lambda w: {"token": w.token}),
        Case(
            kwargs=lambda w: {"token": w.forged_token},
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
    ),
    "events:manage-data-json": entry(
        Case(kwargs=lambda w: {"token": w.token}),
        Case(
            kwargs=lambda w: {"token": w.forged_token},
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
    ),
    "events:manage-delete": entry(
        Case(kwargs=lambda w: {"token": w.token}),
        Case(
            kwargs=lambda w: {"token": w.token},
            method="post",
            label="POST without the confirmation: the question again",
        ),
        Case(
            kwargs=lambda w: {"token": w.forged_token},
            method="post",
            expect=expect(*[NOT_FOUND] * 4),
            label="POST, forged token",
        ),
        post=True,
    ),
    # Lost links: the same answer for any address.
    "events:links": entry(post=True),
    # Everything about an address: behind a signed link sent to that address.
    "events:address": entry(
        Case(kwargs=lambda w: {"token": w.address_token}),
        Case(
            kwargs=lambda w: {"token": w.address_token[:-4] + "0000"},
            expect=expect(*[NOT_FOUND] * 4),
            label="forged token",
        ),
    ),
    "events:address-json": entry(
        Case(kwargs=lambda w: {"token": w.address_token}),
        Case(
            kwargs=lambda w: {"token": "jana@example.org"},
            expect=expect(*[NOT_FOUND] * 4),
            label="an address is not a token",
        ),
    ),
    "events:address-delete": entry(
        Case(kwargs=lambda w: {"token": w.address_token}),
        Case(
            kwargs=lambda w: {"token": w.address_token},
            method="post",
            label="POST without the confirmation: the question again",
        ),
        Case(
            kwargs=lambda w: {"token": "x" + w.address_token},
            method="post",
            expect=expect(*[NOT_FOUND] * 4),
            label="POST, forged token",
        ),
        post=True,
    ),
    # A logged-in user's login address is proven: to its registrations.
    "events:mine": entry(Case(expect=expect(LOGIN, REDIRECT, REDIRECT, REDIRECT))),
    # A coordinator's member's registrations; staff keep registrations in the admin.
    "events:member-registrations": entry(Case(expect=expect(LOGIN, OK, OK, FORBIDDEN))),
    "events:member-registration": entry(
        Case(
            kwargs=lambda w: {"pk": w.claim.pk},
            expect=expect(LOGIN, OK, NOT_FOUND, NOT_FOUND),
        ),
        Case(
            kwargs=lambda w: {"pk": w.registration.pk},
            expect=expect(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
            label="a registration naming no member of theirs",
        ),
        post=True,
    ),
    # Certificates: the verification page is public; the PDF needs the key from the e-mail.
    # The form to type a code: empty, a known code (to its page), an unknown one (404 page).
    "events:certificate-find": entry(
        Case(),
        Case(
            query="code=x",
            expect=expect(*[NOT_FOUND] * 4),
            label="unknown code",
        ),
    ),
    "events:certificate": entry(
        Case(kwargs=lambda w: {"code": w.certificate.code}),
        Case(kwargs=lambda w: {"code": "neni"}, expect=expect(*[NOT_FOUND] * 4), label="unknown"),
    ),
    "events:certificate-pdf": entry(
        Case(kwargs=lambda w: {"code": w.certificate.code, "key": w.certificate.download_key}),
        Case(
            kwargs=lambda w: {"code": w.certificate.code, "key": "x" + w.certificate.download_key},
            expect=expect(*[NOT_FOUND] * 4),
            label="wrong key",
        ),
    ),
    # The staff pages of an event (events.check_in, events.add_certificate).
    "events:attendance": entry(Case(kwargs=slug("event"), expect=STAFF_ONLY)),
    "events:check-in": entry(
        Case(kwargs=lambda w: {"slug": w.event.slug, "part": w.event_part.pk}, expect=STAFF_ONLY),
        Case(
            kwargs=lambda w: {"slug": w.event.slug, "part": w.other_event_part.pk},
            expect=expect(LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
            label="another event's part",
        ),
        post=True,
    ),
    "events:attendance-export": entry(
        Case(kwargs=lambda w: {"slug": w.event.slug, "fmt": "csv"}, expect=STAFF_ONLY),
        Case(kwargs=lambda w: {"slug": w.event.slug, "fmt": "xlsx"}, expect=STAFF_ONLY),
        Case(
            kwargs=lambda w: {"slug": w.event.slug, "fmt": "pdf"},
            expect=expect(LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
            label="unknown format",
        ),
    ),
    # GET: who gets one and a link to the sample; POST: issue them.
    "events:certificates-issue": entry(
        Case(kwargs=slug("event"), expect=STAFF_ONLY),
        Case(
            kwargs=slug("event"),
            method="post",
            expect=expect(LOGIN, FORBIDDEN, FORBIDDEN, REDIRECT),
            label="POST",
        ),
        post=True,
    ),
    # A sample PDF rendered for the first recipient, stored nowhere.
    "events:certificate-sample": entry(
        Case(kwargs=slug("event"), expect=STAFF_ONLY),
        Case(
            kwargs=slug("draft_event"),
            expect=expect(LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
            label="no accredited part",
        ),
    ),
    "events:detail": entry(
        Case(kwargs=slug("event")),
        Case(kwargs=slug("draft_event"), expect=STAFF_PREVIEW, label="draft"),
    ),
    "events:detail-ical": entry(
        Case(kwargs=slug("event")),
        Case(kwargs=slug("draft_event"), expect=STAFF_PREVIEW, label="draft"),
    ),
    "events:register": entry(
        Case(kwargs=slug("event")),
        Case(kwargs=slug("draft_event"), expect=STAFF_PREVIEW, label="draft"),
        post=True,
    ),
    "events:colleagues": entry(
        Case(kwargs=slug("event"), expect=LOGGED_IN),
        Case(kwargs=slug("draft_event"), expect=expect(LOGIN, NOT_FOUND, NOT_FOUND, OK)),
        post=True,
    ),
    # Projects.
    "projects:list": entry(listing=True, params=("q", "page", "sort")),
    "projects:feed-rss": entry(listing=True),
    "projects:feed-atom": entry(listing=True),
    "projects:export-csv": entry(listing=True),
    "projects:export-json": entry(listing=True),
    "projects:detail": entry(
        Case(kwargs=slug("project")),
        Case(kwargs=slug("draft_project"), expect=STAFF_PREVIEW, label="draft"),
    ),
    "projects:report-xlsx": entry(Case(kwargs=slug("project"), expect=STAFF_ONLY)),
    "projects:report-csv": entry(Case(kwargs=slug("project"), expect=STAFF_ONLY)),
    # News.
    "news:list": entry(listing=True, params=("q", "page")),
    "news:feed-rss": entry(listing=True),
    "news:feed-atom": entry(listing=True),
    "news:detail": entry(
        Case(kwargs=slug("article")),
        Case(kwargs=slug("draft_article"), expect=STAFF_PREVIEW, label="draft"),
    ),
    # Documents.
    "documents:list": entry(listing=True, params=("q", "page")),
    "documents:feed-rss": entry(listing=True),
    "documents:feed-atom": entry(listing=True),
    "documents:export-csv": entry(listing=True),
    "documents:export-json": entry(listing=True),
    "documents:detail": entry(
        Case(kwargs=slug("document")),
        Case(kwargs=slug("draft_document"), expect=STAFF_PREVIEW, label="draft"),
    ),
    "documents:file": entry(
        Case(kwargs=slug("document")),
        Case(kwargs=slug("draft_document"), expect=STAFF_PREVIEW, label="draft"),
    ),
    # The network's pages.
    "pages:index": entry(),
    "pages:detail": entry(
        Case(kwargs=lambda w: {"path": "o-nas/kancelar"}),
        Case(kwargs=lambda w: {"path": "o-nas"}, label="top level"),
        Case(kwargs=lambda w: {"path": "koncept"}, expect=STAFF_PREVIEW, label="draft"),
        Case(
            kwargs=lambda w: {"path": "o-nas/chybi"},
            expect=expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
            label="missing",
        ),
    ),
    # The admin's own pages (its models' pages follow admin_rule).
    "admin:index": entry(Case(expect=ADMIN), post=True),
    # login_required in front of the admin's login: one login page for everybody.
    "admin:login": entry(Case(expect=expect(LOGIN, OK, OK, REDIRECT)), post=True),
    # Logging out is a POST; the admin sends non-staff to its index (and so to the login).
    "admin:logout": entry(
        Case(expect=expect(REDIRECT, REDIRECT, REDIRECT, NOT_ALLOWED)), post=True
    ),
    "admin:password_change": entry(Case(expect=ADMIN), post=True),
    "admin:password_change_done": entry(Case(expect=ADMIN)),
    "admin:autocomplete": entry(
        Case(expect=expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, FORBIDDEN)),
        Case(
            query="app_label=goodpractice&model_name=practice&field_name=members&term=Lit",
            expect=ADMIN,
            label="members of an example",
        ),
    ),
    "admin:jsi18n": entry(Case(expect=ADMIN)),
    "admin:view_on_site": entry(
        Case(
            kwargs=lambda w: {
                "content_type_id": _content_type(w.member_a),
                "object_id": w.member_a.pk,
            },
            expect=expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT),
        ),
    ),
    # Staff set another account's password (the admin's form, staff with change_user).
    "admin:auth_user_password_change": entry(
        Case(kwargs=lambda w: {"id": w.coordinator_a.pk}, expect=ADMIN), post=True
    ),
    "admin:members_member_invite": entry(Case(expect=ADMIN), post=True),
    "admin:members_member_profile_edits": entry(Case(expect=ADMIN)),
    "admin:members_member_profile_edit_revert": entry(
        Case(
            kwargs=lambda w: {"kind": "member", "history_id": w.profile_edit.history_id},
            expect=expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_ALLOWED),
        ),
        Case(
            kwargs=lambda w: {"kind": "member", "history_id": w.profile_edit.history_id},
            method="post",
            expect=expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, REDIRECT),
            label="POST",
        ),
        post=True,
    ),
    "admin:members_membershipapplication_review": entry(
        Case(kwargs=lambda w: {"pk": w.application.pk}, expect=ADMIN), post=True
    ),
    "admin:members_membershipapplication_resolution": entry(
        Case(kwargs=lambda w: {"pk": w.application.pk}, expect=ADMIN),
        Case(
            kwargs=lambda w: {"pk": 2**31 - 1},
            expect=expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, NOT_FOUND),
            label="unknown",
        ),
    ),
    "admin:events_event_message": entry(
        Case(kwargs=lambda w: {"pk": w.event.pk}, expect=ADMIN), post=True
    ),
    "admin:goodpractice_practice_review": entry(
        Case(kwargs=lambda w: {"pk": w.draft.pk}, expect=ADMIN), post=True
    ),
    # The staff's dashboard, a page of the administration.
    "workspace:dashboard": entry(Case(expect=ADMIN)),
}


def _content_type(record) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(record).pk


# --- the admin, by rule ---------------------------------------------------------------------
ADMIN_MODEL_VIEWS = (
    "changelist",
    "add",
    "change",
    "delete",
    "history",
    "simple_history",
    "import",
    "process_import",
    "export",
)
# The unnamed admin patterns: a model's old-style object URL (redirects staff to its change
# page), and the catch-all at the end of the admin (non-staff to the login, staff 404).
ADMIN_OBJECT_REDIRECT = "django.views.generic.base.RedirectView"
ADMIN_CATCH_ALL = "django.contrib.admin.sites.catch_all_view"
ADMIN_APP_INDEX = "admin:app_list"


@dataclass(frozen=True)
class AdminView:
    """One of the admin's generic pages of one model."""

    model_admin: admin.ModelAdmin
    view: str

    @property
    def name(self) -> str:
        opts = self.model_admin.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_{self.view}"


def admin_views() -> Iterator[AdminView]:
    for model_admin in admin.site._registry.values():
        for view in ADMIN_MODEL_VIEWS:
            yield AdminView(model_admin, view)


def admin_rule(name: str) -> AdminView | None:
    """The generic admin view a pattern name stands for, or None."""
    return next((view for view in admin_views() if view.name == name), None)


# --- walking the URLconf ----------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    view: str  # dotted path of the view

    @property
    def key(self) -> str:
        return self.name or self.view


def _view_path(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    target = view_class or getattr(callback, "__wrapped__", None) or callback
    while getattr(target, "__wrapped__", None) is not None:
        target = target.__wrapped__
    module = getattr(target, "__module__", type(target).__module__)
    name = getattr(target, "__qualname__", type(target).__qualname__)
    if module == "django.contrib.admin.sites" and name.endswith("catch_all_view"):
        return ADMIN_CATCH_ALL
    return f"{module}.{name}"


def walk(patterns=None, prefix: str = "", namespace: str | None = None) -> Iterator[Pattern]:
    """Every URL pattern of the URLconf (the active language's routes), recursively."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Pattern(prefix + str(pattern.pattern), name, _view_path(pattern.callback))


def is_admin_object_redirect(pattern: Pattern) -> bool:
    return pattern.name is None and pattern.view == ADMIN_OBJECT_REDIRECT


def covered(pattern: Pattern) -> bool:
    return (
        pattern.key in URLS
        or admin_rule(pattern.key) is not None
        or pattern.key == ADMIN_APP_INDEX
        or pattern.key == ADMIN_CATCH_ALL
        or is_admin_object_redirect(pattern)
    )


def uncovered(patterns) -> list[Pattern]:
    return [pattern for pattern in patterns if not covered(pattern)]
