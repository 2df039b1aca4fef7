"""Generate a realistic synthetic register for load tests: members, people, roles, ratings."""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.maps import _rings
from members.models import (
    Category,
    Member,
    Person,
    Rating,
    Region,
    Role,
    ico_with_check_digit,
)
from network_portal.db import vacuum_analyze

PREFIX = "syn-"  # slugs of generated members start with this, so --clear finds them
KINDS = [
    ("municipality", 52),
    ("town", 30),
    ("statutory_city", 2),
    ("city_district", 6),
    ("microregion", 5),
    ("lag", 4),
    ("region", 1),
]
STARTS = ["", "Horní ", "Dolní ", "Nová ", "Stará ", "Velká ", "Malá ", "Červená ", "Bílá "]
ROOTS = [
    "Lhota",
    "Ves",
    "Bystřice",
    "Lípa",
    "Hora",
    "Čermná",
    "Chlum",
    "Řečice",
    "Šumná",
    "Dobrá",
    "Rovná",
    "Chrast",
    "Březí",
    "Ústí",
    "Žďár",
    "Olešná",
    "Kostelec",
    "Hradiště",
    "Lužice",
    "Čistá",
    "Dubá",
    "Jablonná",
    "Zahořany",
    "Chotěboř",
    "Skalice",
    "Třebíč",
]
ENDS = [
    "",
    "",
    "",
    " nad Labem",
    " u Brna",
    " pod Radhoštěm",
    " nad Sázavou",
    " v Podkrkonoší",
    " na Moravě",
    " u Plzně",
    " nad Orlicí",
]
FIRST = [
    "Jana",
    "Petr",
    "Eva",
    "Jan",
    "Lucie",
    "Tomáš",
    "Marie",
    "Martin",
    "Tereza",
    "Jiří",
    "Kateřina",
    "Pavel",
    "Lenka",
    "Michal",
    "Hana",
    "Ondřej",
    "Věra",
    "Zdeněk",
]
LAST = [
    "Novák",
    "Svobodová",
    "Dvořák",
    "Černá",
    "Procházka",
    "Kučerová",
    "Veselý",
    "Horáková",
    "Němec",
    "Marková",
    "Pokorný",
    "Hájková",
    "Král",
    "Jelínková",
    "Růžička",
    "Benešová",
]
TITLES = ["", "", "", "Mgr.", "Ing.", "Bc.", "PhDr."]
POSITIONS = {
    "politician": [
        ("starosta", "mayor"),
        ("místostarostka", "deputy mayor"),
        ("radní", "councillor"),
    ],
    "coordinator": [
        ("referentka rozvoje", "development officer"),
        ("tisková mluvčí", "press officer"),
    ],
    "deputy": [("referent", "officer"), ("asistentka", "assistant")],
}


class Command(BaseCommand):
    help = (
        "Generate a synthetic register for load tests (default 2,000 members, 6,000 people, "
        "20,000 ratings). Generated members have slugs starting with 'syn-'; --clear removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--people", type=int, default=6000)
        parser.add_argument("--ratings", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--clear", action="store_true", help="Only remove generated data.")

    def handle(self, *args, **options):
        self._generate(**options)
        vacuum_analyze(*(model._meta.db_table for model in (Member, Person, Role, Rating)))

    @transaction.atomic
    def _generate(self, **options):
        self._clear()
        if options["clear"]:
            self.stdout.write("Generated members removed.")
            return
        count, people, ratings = options["members"], options["people"], options["ratings"]
        if count < 1 or people < 0 or ratings < 0:
            raise CommandError("The numbers must be positive.")
        if ratings > count * 30:
            raise CommandError("At most 30 ratings per member (one per year).")
        rng = random.Random(options["seed"])
        members = self._members(rng, count)
        self._people_and_roles(rng, members, people)
        self._ratings(rng, members, ratings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {len(members)} members, {people} people and {ratings} ratings."
            )
        )

    def _clear(self):
        generated = Member.objects.filter(slug__startswith=PREFIX)
        person_ids = list(
            Role.objects.filter(member__in=generated).values_list("person_id", flat=True)
        )
        Rating.objects.filter(member__in=generated).delete()
        Role.objects.filter(member__in=generated).delete()
        Person.objects.filter(pk__in=person_ids, roles__isnull=True).delete()
        generated.delete()

    def _members(self, rng, count):
        regions = list(Region.objects.all())
        outlines = _region_outlines()
        used_icos = set(Member.objects.values_list("ico", flat=True))
        kinds = [kind for kind, weight in KINDS for _ in range(weight)]
        number = 5_000_000
        batch = []
        for index in range(count):
            region = rng.choice(regions)
            name = f"{rng.choice(STARTS)}{rng.choice(ROOTS)}{rng.choice(ENDS)}"
            while (ico := ico_with_check_digit(number)) in used_icos:
                number += 1
            number += 1
            latitude, longitude = _point_in(rng, outlines[region.nuts3])
            kind = rng.choice(kinds)
            status = rng.choices(["active", "suspended", "former"], weights=[90, 5, 5])[0]
            batch.append(
                Member(
                    name=name,
                    slug=f"{PREFIX}{index:05d}",
                    kind=kind,
                    ico=ico,
                    region=region,
                    status=status,
                    population=rng.randint(150, 60_000),
                    latitude=round(latitude, 5),
                    longitude=round(longitude, 5),
                    member_since=date(1994, 1, 1) + timedelta(days=rng.randint(0, 11_000)),
                    website=f"https://www.obec-{index}.example.org",
                    address=f"Náměstí {rng.randint(1, 200)}, {rng.randint(100, 799)} 01 {name}",
                    description_cs=f"{name} je členem Národní sítě Zdravých měst.",
                    description_en=f"{name} is a member of the Healthy Cities Network.",
                )
            )
        return Member.objects.bulk_create(batch, batch_size=1000)

    def _people_and_roles(self, rng, members, count):
        people = Person.objects.bulk_create(
            [
                Person(
                    title_before=rng.choice(TITLES),
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    email=f"osoba{index}@obec.example.org",
                    phone=f"+420 {rng.randint(200, 799)} {rng.randint(100, 999)} "
                    f"{rng.randint(100, 999)}",
                )
                for index in range(count)
            ],
            batch_size=1000,
        )
        roles = []
        today = date.today()
        for index, person in enumerate(people):
            member = members[index % len(members)]
            round_ = index // len(members)
            kind = (
                ["politician", "coordinator", "deputy"][round_ % 3] if round_ < 3 else "coordinator"
            )
            position_cs, position_en = rng.choice(POSITIONS[kind])
            start = today - timedelta(days=rng.randint(30, 1500))
            # Every fifth deputy slot is a past holder, for the staff role history.
            end = start + timedelta(days=300) if kind == "deputy" and index % 5 == 0 else None
            if end and end >= today:
                end = today - timedelta(days=1)
                start = min(start, end)
            roles.append(
                Role(
                    member=member,
                    person=person,
                    kind=kind,
                    position=position_cs,
                    position_cs=position_cs,
                    position_en=position_en,
                    resolution_number=f"RM {rng.randint(1, 40)}/{start.year}",
                    resolution_date=start - timedelta(days=14),
                    start=start,
                    end=end,
                )
            )
        Role.objects.bulk_create(roles, batch_size=1000)

    def _ratings(self, rng, members, count):
        categories = list(Category.values)
        per_member, extra = divmod(count, len(members))
        last_year = date.today().year - 1
        ratings = []
        for index, member in enumerate(members):
            years = per_member + (1 if index < extra else 0)
            level = rng.randint(0, 2)
            for year in range(last_year - years + 1, last_year + 1):
                level = max(0, min(len(categories) - 1, level + rng.choice([0, 0, 0, 1, -1])))
                ratings.append(
                    Rating(
                        member=member,
                        year=year,
                        category=categories[level],
                        stars=1 if rng.random() < 0.1 else 0,
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=2000)


def _region_outlines():
    import json

    from members.maps import DATA

    features = json.loads(DATA.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["nuts3"]: list(_rings(f["geometry"])) for f in features}


def _inside(point, ring):
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _point_in(rng, rings):
    """A random (latitude, longitude) inside the region's outer ring and outside its holes."""
    outer, holes = rings[0], rings[1:]
    xs = [p[0] for p in outer]
    ys = [p[1] for p in outer]
    for _attempt in range(1000):
        point = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if _inside(point, outer) and not any(_inside(point, hole) for hole in holes):
            return point[1], point[0]
    return sum(ys) / len(ys), sum(xs) / len(xs)
