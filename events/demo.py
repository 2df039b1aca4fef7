"""Demo events: the real ones from DOMAIN.md (texts in our own words) and upcoming ones computed
from today, with registration open, so that a new user of ``make run`` can register at once.

Runs after the members' demo (INSTALLED_APPS order). Idempotent: events by slug, parts by
(event, position), demo registrations by (part, e-mail).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import Attendance, Event, EventPart, Registration, RegistrationPart
from events.tokens import new_nonce
from members.models import Member, Region

PRAGUE = ZoneInfo("Europe/Prague")


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PRAGUE)


def _event(slug, *, hosts=(), region=None, **fields):
    event, _created = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "region": Region.objects.filter(nuts3=region).first() if region else None,
            "status": Event.Status.PUBLISHED,
            "organiser_cs": "Národní síť Zdravých měst ČR",
            "organiser_en": "Healthy Cities of the Czech Republic",
            "contact_email": "akce@zdravamesta.example.org",
            **fields,
        },
    )
    event.hosts.set(Member.objects.filter(slug__in=hosts))
    return event


def _part(event, position, **fields):
    part, _created = EventPart.objects.update_or_create(
        event=event, position=position, defaults=fields
    )
    return part


def _fill(part, count, *, status=RegistrationPart.Status.CONFIRMED, prefix="ucastnik"):
    """Demo registrations (not real people: example.org addresses), ``count`` of them."""
    members = list(Member.objects.order_by("name")[:6])
    for number in range(1, count + 1):
        email = f"{prefix}{number}.{part.pk}@example.org"
        if RegistrationPart.objects.filter(part=part, email=email).exists():
            continue
        member = members[number % len(members)] if members else None
        registration = Registration.objects.create(
            event=part.event,
            name=f"Účastník {number}",
            email=email,
            organisation=member.name if member else "",
            member=member,
            show_organisation=number % 2 == 0,
            token_nonce=new_nonce(),
        )
        RegistrationPart.objects.create(
            registration=registration, part=part, email=email, status=status
        )


def _school_2019():
    day = datetime(2019, 3, 20).date()
    event = _event(
        "jarni-skola-zdravych-mest-2019",
        hosts=["liberecky-kraj"],
        region="CZ051",
        kind=Event.Kind.SCHOOL,
        title_cs="Jarní Škola Zdravých měst 2019",
        title_en="Spring Healthy Cities School 2019",
        summary_cs="Tři dny v Liberci: úvodní seminář pro všechny, praktický trénink veřejného "
        "projednávání pro koordinátory a školení DataPlánu a portálů sítě.",
        summary_en="Three days in Liberec: an opening seminar for everyone, practical training "
        "in public participation for coordinators, and training in DataPlán and the portals.",
        description_cs="Jarní škola se konala v Libereckém kraji, který je členem sítě od roku "
        "2011. Druhý a třetí den byly součástí akreditovaného vzdělávacího programu; účastníci "
        "dostali osvědčení.",
        description_en="The spring school took place in the Liberec Region, a member since "
        "2011. Days two and three were part of the accredited education programme; attendees "
        "received a certificate.",
        start=_at(day, 9),
        end=_at(day + timedelta(days=2), 15),
        venue_name_cs="Krajský úřad Libereckého kraje",
        venue_name_en="Liberec Regional Authority",
        venue_address="U Jezu 642/2a, 461 80 Liberec",
        latitude="50.76710",
        longitude="15.05620",
    )
    programme = "Místní Agenda 21 a Projekt Zdravé Město WHO"
    _part(
        event,
        1,
        title_cs="1. den: úvodní seminář",
        title_en="Day 1: opening seminar",
        description_cs="Seminář je otevřený všem a zdarma, kvůli kapacitě sálu je ale nutná "
        "registrace.",
        description_en="Free and open to everyone, but registration is needed because the hall "
        "is limited.",
        start=_at(day, 9),
        end=_at(day, 16),
        capacity=120,
    )
    _part(
        event,
        2,
        title_cs="2. den: trénink veřejného projednávání",
        title_en="Day 2: training in public participation",
        start=_at(day + timedelta(days=1), 9),
        end=_at(day + timedelta(days=1), 16),
        audience=EventPart.Audience.COORDINATORS,
        capacity=40,
        member_quota=2,
        accredited_programme=programme,
        accreditation_number="AK/PV-123/2018",
        accredited_hours=8,
    )
    _part(
        event,
        3,
        title_cs="3. den: DataPlán, portály sítě a sociální sítě",
        title_en="Day 3: DataPlán, the network's portals and social media",
        start=_at(day + timedelta(days=2), 9),
        end=_at(day + timedelta(days=2), 15),
        audience=EventPart.Audience.MEMBERS,
        capacity=40,
        accredited_programme=programme,
        accreditation_number="AK/PV-123/2018",
        accredited_hours=6,
    )
    return event


def _regions_2015():
    day = datetime(2015, 2, 12).date()
    event = _event(
        "setkani-kraju-2015-liberec",
        hosts=["liberecky-kraj", "jihomoravsky-kraj", "kraj-vysocina"],
        region="CZ051",
        kind=Event.Kind.REGIONS_MEETING,
        title_cs="Setkání krajů: Zdravé kraje a MA21",
        title_en="Meeting of regions: Healthy Regions and LA21",
        summary_cs="Liberecký, Jihomoravský kraj a Kraj Vysočina si na krajském úřadě v Liberci "
        "vyměnili zkušenosti s plány zlepšování, grantovými programy a fóry.",
        summary_en="The Liberec, South Moravian and Vysočina regions shared their improvement "
        "plans, grant programmes and public forums at the regional authority in Liberec.",
        description_cs="Na programu byla i participace mládeže a vzdělávací projekt „Angažovanci“.",
        description_en="Youth participation and the “Angažovanci” training project were on the "
        "programme too.",
        start=_at(day, 10),
        end=_at(day, 15),
        venue_name_cs="Krajský úřad Libereckého kraje",
        venue_name_en="Liberec Regional Authority",
        venue_address="U Jezu 642/2a, 461 80 Liberec",
    )
    _part(
        event,
        1,
        title_cs="Setkání krajů",
        title_en="Meeting of regions",
        start=event.start,
        end=event.end,
        audience=EventPart.Audience.MEMBERS,
        capacity=30,
    )
    return event


def _norway_visit():
    # Early December 2022: the network's article about the visit came out on 9 December 2022.
    day = datetime(2022, 12, 5).date()
    # Demo databases loaded before the date was corrected hold the visit under its old slug.
    Event.objects.filter(slug="studijni-navsteva-z-norska-2023").update(
        slug="studijni-navsteva-z-norska-2022"
    )
    event = _event(
        "studijni-navsteva-z-norska-2022",
        hosts=["brno", "praha"],
        region="CZ064",
        kind=Event.Kind.STUDY_TRIP,
        title_cs="Studijní návštěva z Norska (PART-NET)",
        title_en="Norwegian study visit (PART-NET)",
        summary_cs="Norští partneři v Brně poznali participativní rozpočet, sdílené bydlení "
        "seniorů a projekt prevence rakoviny; druhý den následoval národní seminář v Praze.",
        summary_en="Norwegian partners saw Brno's participatory budget, shared housing for "
        "seniors and a cancer-prevention project, followed by a national seminar in Prague.",
        start=_at(day, 9),
        end=_at(day + timedelta(days=1), 16),
        venue_name_cs="Brno a Praha",
        venue_name_en="Brno and Prague",
    )
    _part(
        event,
        1,
        title_cs="Brno: návštěva kanceláře Zdravého města",
        title_en="Brno: a visit to the Healthy City office",
        start=_at(day, 9),
        end=_at(day, 17),
        capacity=25,
    )
    _part(
        event,
        2,
        title_cs="Praha: národní seminář o zapojování občanů",
        title_en="Prague: national seminar on citizen engagement",
        start=_at(day + timedelta(days=1), 9),
        end=_at(day + timedelta(days=1), 16),
        capacity=80,
    )
    return event


def _upcoming(today):
    first = today + timedelta(days=21)
    nearly_full = _event(
        "seminar-pocitove-mapy",
        hosts=["litomerice"],
        region="CZ042",
        kind=Event.Kind.SEMINAR,
        title_cs="Seminář: pocitové mapy v praxi",
        title_en="Seminar: feeling maps in practice",
        summary_cs="Jak připravit, sebrat a vyhodnotit pocitovou mapu města – zkušenosti "
        "Litoměřic.",
        summary_en="How to prepare, collect and evaluate a feeling map of a town – what "
        "Litoměřice learned.",
        start=_at(first, 9, 30),
        end=_at(first, 15),
        venue_name_cs="Městský úřad Litoměřice",
        venue_name_en="Litoměřice Town Hall",
        venue_address="Mírové náměstí 15/7, 412 01 Litoměřice",
    )
    part = _part(
        nearly_full,
        1,
        title_cs="Seminář",
        title_en="Seminar",
        start=nearly_full.start,
        end=nearly_full.end,
        capacity=20,
        member_quota=3,
    )
    _fill(part, 18)

    second = today + timedelta(days=35)
    waiting = _event(
        "podzimni-skola-zdravych-mest",
        hosts=["chrudim"],
        region="CZ053",
        kind=Event.Kind.SCHOOL,
        title_cs="Podzimní Škola Zdravých měst",
        title_en="Autumn Healthy Cities School",
        summary_cs="Dva dny v Chrudimi o zapojování žen a o strategickém plánování.",
        summary_en="Two days in Chrudim on involving women and on strategic planning.",
        start=_at(second, 9),
        end=_at(second + timedelta(days=1), 15),
        venue_name_cs="Muzeum loutkářských kultur",
        venue_name_en="Museum of Puppetry Cultures",
        venue_address="Břetislavova 74, 537 01 Chrudim",
    )
    full_day = _part(
        waiting,
        1,
        title_cs="1. den: seminář pro všechny",
        title_en="Day 1: seminar for everyone",
        start=_at(second, 9),
        end=_at(second, 16),
        capacity=10,
    )
    _fill(full_day, 10)
    _fill(full_day, 2, status=RegistrationPart.Status.WAITING, prefix="cekatel")
    _part(
        waiting,
        2,
        title_cs="2. den: trénink pro koordinátory",
        title_en="Day 2: training for coordinators",
        start=_at(second + timedelta(days=1), 9),
        end=_at(second + timedelta(days=1), 15),
        audience=EventPart.Audience.COORDINATORS,
        capacity=30,
        member_quota=2,
    )

    third = today + timedelta(days=10)
    online = _event(
        "e-rozvojovna-participativni-rozpocet",
        kind=Event.Kind.E_ROZVOJOVNA,
        title_cs="E-rozvojovna: participativní rozpočet krok za krokem",
        title_en="E-rozvojovna: a participatory budget step by step",
        summary_cs="Hodinové online setkání: jak začít s participativním rozpočtem v malém městě.",
        summary_en="A one-hour online session: how to start a participatory budget in a small "
        "town.",
        start=_at(third, 10),
        end=_at(third, 11, 30),
        is_online=True,
    )
    _part(
        online,
        1,
        title_cs="Online setkání",
        title_en="Online session",
        start=online.start,
        end=online.end,
        capacity=None,
        online_url="https://meet.example.org/e-rozvojovna-pr",
    )
    return [nearly_full, waiting, online]


def _attend(part, present: int) -> None:
    """Mark the first ``present`` confirmed registrants of ``part`` present (idempotent)."""
    rows = RegistrationPart.objects.filter(
        part=part, status=RegistrationPart.Status.CONFIRMED
    ).order_by("pk")[:present]
    for row in rows:
        Attendance.objects.update_or_create(
            registration_id=row.registration_id,
            part=part,
            defaults={"present": True, "recorded_at": part.start},
        )


def _recent_school(today):
    """An autumn school that ended ten days ago: attendance recorded, certificates not yet
    issued (staff issue them on the event's attendance page)."""
    day = today - timedelta(days=11)
    event = _event(
        "podzimni-skola-zdravych-mest-demo",
        hosts=["tachov"],
        region="CZ032",
        kind=Event.Kind.SCHOOL,
        title_cs="Podzimní Škola Zdravých měst",
        title_en="Autumn Healthy Cities School",
        summary_cs="Dva dny v Tachově: seminář o zapojování veřejnosti a akreditovaný trénink "
        "pro koordinátory.",
        summary_en="Two days in Tachov: a seminar on public participation and accredited "
        "training for coordinators.",
        start=_at(day, 9),
        end=_at(day + timedelta(days=1), 15),
        venue_name_cs="Městský úřad Tachov",
        venue_name_en="Tachov Town Hall",
        venue_address="Hornická 1695, 347 01 Tachov",
    )
    seminar = _part(
        event,
        1,
        title_cs="1. den: seminář o zapojování veřejnosti",
        title_en="Day 1: seminar on public participation",
        start=_at(day, 9),
        end=_at(day, 16),
        capacity=60,
    )
    training = _part(
        event,
        2,
        title_cs="2. den: akreditovaný trénink pro koordinátory",
        title_en="Day 2: accredited training for coordinators",
        start=_at(day + timedelta(days=1), 9),
        end=_at(day + timedelta(days=1), 15),
        capacity=30,
        accredited_programme="Místní Agenda 21 a Projekt Zdravé Město WHO",
        accreditation_number="AK/PV-123/2018",
        accredited_hours=6,
    )
    _fill(seminar, 12, prefix="podzim")
    _fill(training, 8, prefix="trenink")
    _attend(seminar, 10)
    _attend(training, 7)
    return event


def load(stdout) -> None:
    today = timezone.localdate()
    events = [
        _school_2019(),
        _regions_2015(),
        _norway_visit(),
        *_upcoming(today),
        _recent_school(today),
    ]
    for event in events:
        stdout.write(f"  event {event.slug}")
