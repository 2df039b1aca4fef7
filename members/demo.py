"""Demo members from the network's own news (see DOMAIN.md), their people and MA21 ratings.

IČO: the real company numbers of these bodies where known (each passes the mod-11 check); the
people's e-mail addresses and phone numbers are made up (example domains), never real ones.
"""

from datetime import date

from members.models import Member, Person, Rating, Region, Role
from network_portal.demo import demo_account

# name, slug, kind, IČO, NUTS3, population, latitude, longitude, member since, website, address
MEMBERS = [
    (
        "Tachov",
        "tachov",
        "town",
        "00260231",
        "CZ032",
        12_400,
        49.79530,
        12.63360,
        date(2021, 9, 1),
        "https://www.tachov.cz",
        "Hornická 1695, 347 01 Tachov",
    ),
    (
        "Rokycany",
        "rokycany",
        "town",
        "00259861",
        "CZ032",
        14_600,
        49.74270,
        13.59460,
        date(2003, 4, 15),
        "https://www.rokycany.cz",
        "Masarykovo náměstí 1, 337 01 Rokycany",
    ),
    (
        "Přeštice",
        "prestice",
        "town",
        "00256129",
        "CZ032",
        7_200,
        49.57300,
        13.33340,
        date(2010, 6, 1),
        "https://www.prestice-mesto.cz",
        "Masarykovo náměstí 107, 334 01 Přeštice",
    ),
    (
        "Klatovy",
        "klatovy",
        "town",
        "00255661",
        "CZ032",
        22_300,
        49.39550,
        13.29510,
        date(2005, 3, 1),
        "https://www.klatovy.cz",
        "náměstí Míru 62, 339 01 Klatovy",
    ),
    (
        "Plzeň",
        "plzen",
        "statutory_city",
        "00075370",
        "CZ032",
        185_600,
        49.74750,
        13.37760,
        date(2013, 1, 1),
        "https://www.plzen.eu",
        "náměstí Republiky 1, 306 32 Plzeň",
    ),
    (
        "Brno",
        "brno",
        "statutory_city",
        "44992785",
        "CZ064",
        400_500,
        49.19510,
        16.60680,
        date(2004, 1, 1),
        "https://www.brno.cz",
        "Dominikánské náměstí 196/1, 602 00 Brno",
    ),
    (
        "Praha",
        "praha",
        "statutory_city",
        "00064581",
        "CZ010",
        1_384_700,
        50.08750,
        14.42130,
        date(2006, 1, 1),
        "https://www.praha.eu",
        "Mariánské náměstí 2, 110 00 Praha 1",
    ),
    (
        "Chrudim",
        "chrudim",
        "town",
        "00270211",
        "CZ053",
        22_900,
        49.95110,
        15.79560,
        date(1994, 12, 1),
        "https://www.chrudim.eu",
        "Resselovo náměstí 77, 537 01 Chrudim",
    ),
    (
        "Litoměřice",
        "litomerice",
        "town",
        "00263958",
        "CZ042",
        24_100,
        50.53350,
        14.13180,
        date(2000, 5, 1),
        "https://www.litomerice.cz",
        "Mírové náměstí 15/7, 412 01 Litoměřice",
    ),
    (
        "Prachatice",
        "prachatice",
        "town",
        "00250651",
        "CZ031",
        10_800,
        49.01290,
        13.99750,
        date(2004, 9, 1),
        "https://www.prachatice.eu",
        "Velké náměstí 3, 383 01 Prachatice",
    ),
    (
        "Valašské Meziříčí",
        "valasske-mezirici",
        "town",
        "00304263",
        "CZ072",
        22_100,
        49.47180,
        17.97120,
        date(2002, 2, 1),
        "https://www.valasskemezirici.cz",
        "Náměstí 7, 757 01 Valašské Meziříčí",
    ),
    (
        "Ústí nad Labem",
        "usti-nad-labem",
        "statutory_city",
        "00081531",
        "CZ042",
        91_800,
        50.66070,
        14.03220,
        date(2012, 6, 1),
        "https://www.usti.cz",
        "Velká Hradební 2336/8, 401 00 Ústí nad Labem",
    ),
    (
        "Liberecký kraj",
        "liberecky-kraj",
        "region",
        "70891508",
        "CZ051",
        449_000,
        50.76630,
        15.05430,
        date(2011, 6, 23),
        "https://www.kraj-lbc.cz",
        "U Jezu 642/2a, 461 80 Liberec",
    ),
    (
        "Jihomoravský kraj",
        "jihomoravsky-kraj",
        "region",
        "70888337",
        "CZ064",
        1_226_700,
        49.02000,
        16.62000,
        date(2008, 3, 1),
        "https://www.jmk.cz",
        "Žerotínovo náměstí 449/3, 601 82 Brno",
    ),
    (
        "Kraj Vysočina",
        "kraj-vysocina",
        "region",
        "70890749",
        "CZ063",
        517_000,
        49.39610,
        15.59120,
        date(2006, 11, 1),
        "https://www.kr-vysocina.cz",
        "Žižkova 57, 587 33 Jihlava",
    ),
]

DESCRIPTIONS = {
    "tachov": (
        "Město na západě Plzeňského kraje, které se k Národní síti Zdravých měst připojilo, aby "
        "sdílelo dobrou praxi a zapojovalo obyvatele do plánování rozvoje.",
        "A town in the west of the Plzeň Region that joined the network to share good practice "
        "and involve its residents in planning the town's development.",
    ),
    "liberecky-kraj": (
        "Kraj je členem sítě od roku 2011. Podporuje obce v Místní Agendě 21 krajským "
        "grantovým programem a pořádá veřejná fóra.",
        "The region has been a member since 2011. It supports municipalities in Local Agenda 21 "
        "with a regional grant programme and holds public forums.",
    ),
    "brno": (
        "Statutární město s kanceláří Zdravého města a participativním rozpočtem „Dáme na vás“.",
        "A statutory city with a Healthy City office and the participatory budget "
        "“Dáme na vás” (We count on you).",
    ),
    "chrudim": (
        "Jedno ze zakládajících Zdravých měst; v projektu PART-NET se zaměřilo na ženy.",
        "One of the founding Healthy Cities; in the PART-NET project it focused on women.",
    ),
    "litomerice": (
        "Zdravé město, které v projektu PART-NET zapojovalo mladé lidi.",
        "A Healthy City that involved young people in the PART-NET project.",
    ),
    "prachatice": (
        "Zdravé město, které v projektu PART-NET pracovalo s lidmi se zdravotním postižením.",
        "A Healthy City that worked with people with disabilities in the PART-NET project.",
    ),
    "valasske-mezirici": (
        "Zdravé město, které se v projektu PART-NET věnovalo seniorům.",
        "A Healthy City that focused on seniors in the PART-NET project.",
    ),
}

# slug → [(year, category, stars)]
RATINGS = {
    "tachov": [(2022, "Z", 0), (2023, "D", 0), (2024, "D", 0), (2025, "C", 0)],
    "rokycany": [(2021, "D", 0), (2022, "C", 0), (2023, "C", 0), (2024, "C", 1), (2025, "C", 1)],
    "prestice": [(2023, "Z", 0), (2024, "D", 0), (2025, "D", 0)],
    "klatovy": [(2022, "D", 0), (2023, "D", 0), (2024, "C", 0), (2025, "C", 0)],
    "brno": [(2021, "C", 0), (2022, "C", 0), (2023, "B", 0), (2024, "B", 0), (2025, "B", 0)],
    "praha": [(2023, "D", 0), (2024, "D", 0), (2025, "C", 0)],
    "chrudim": [(2021, "A", 0), (2022, "A", 0), (2023, "A", 0), (2024, "A", 0), (2025, "A", 0)],
    "litomerice": [(2021, "B", 0), (2022, "A", 0), (2023, "A", 0), (2024, "A", 0), (2025, "A", 0)],
    "prachatice": [(2022, "C", 0), (2023, "C", 1), (2024, "B", 0), (2025, "B", 0)],
    "valasske-mezirici": [
        (2021, "B", 0),
        (2022, "B", 0),
        (2023, "A", 0),
        (2024, "A", 0),
        (2025, "A", 0),
    ],
    "liberecky-kraj": [(2022, "C", 0), (2023, "B", 0), (2024, "B", 0), (2025, "B", 0)],
    "jihomoravsky-kraj": [(2023, "C", 0), (2024, "C", 0), (2025, "B", 0)],
    "kraj-vysocina": [(2022, "B", 0), (2023, "A", 0), (2024, "A", 0), (2025, "A", 0)],
}

# (member slug, kind, title, first, last, title after, position cs, position en, e-mail, phone,
#  start, resolution number)
PEOPLE = [
    (
        "tachov",
        "politician",
        "Mgr.",
        "Petr",
        "Vrána",
        "",
        "starosta",
        "mayor",
        "starosta@tachov.example.org",
        "+420 374 774 111",
        date(2018, 11, 1),
        "RM 12/2021",
    ),
    (
        "tachov",
        "coordinator",
        "Mgr.",
        "Tereza",
        "Kořínská",
        "",
        "tisková mluvčí",
        "press officer",
        "koordinator@tachov.example.org",
        "+420 374 774 209",
        date(2021, 9, 1),
        "RM 12/2021",
    ),
    (
        "liberecky-kraj",
        "politician",
        "",
        "Radka",
        "Loučková Kotasová",
        "",
        "radní pro hospodářský a regionální rozvoj, evropské projekty a územní plánování",
        "councillor for economic and regional development, EU projects and spatial planning",
        "radni.rozvoj@kraj-lbc.example.org",
        "+420 485 226 111",
        date(2020, 11, 1),
        "RK 1/2020",
    ),
]


def load(stdout) -> None:
    regions = {region.nuts3: region for region in Region.objects.all()}
    members = {}
    for name, slug, kind, ico, nuts3, population, lat, lon, since, web, address in MEMBERS:
        description_cs, description_en = DESCRIPTIONS.get(slug, ("", ""))
        member, _created = Member.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "ico": ico,
                "region": regions[nuts3],
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "member_since": since,
                "website": web,
                "address": address,
                "status": Member.Status.ACTIVE,
                "description_cs": description_cs,
                "description_en": description_en,
            },
        )
        members[slug] = member
        for year, category, stars in RATINGS.get(slug, []):
            Rating.objects.update_or_create(
                member=member, year=year, defaults={"category": category, "stars": stars}
            )
    for (
        slug,
        kind,
        title,
        first,
        last,
        after,
        pos_cs,
        pos_en,
        email,
        phone,
        start,
        resolution,
    ) in PEOPLE:
        person, _created = Person.objects.update_or_create(
            first_name=first,
            last_name=last,
            defaults={"title_before": title, "title_after": after, "email": email, "phone": phone},
        )
        Role.objects.update_or_create(
            member=members[slug],
            person=person,
            kind=kind,
            defaults={
                "position_cs": pos_cs,
                "position_en": pos_en,
                "start": start,
                "end": None,
                "resolution_number": resolution,
            },
        )
    stdout.write(f"  {len(members)} members with their people and Local Agenda 21 ratings")

    coordinator = demo_account(
        "koordinator.tachov@example.org", first_name="Tereza", last_name="Kořínská"
    )
    if coordinator is None:
        stdout.write("  DEBUG is off: no coordinator account was created.")
    else:
        members["tachov"].coordinators.add(coordinator)
        stdout.write("  coordinator account koordinator.tachov@example.org (Tachov)")
