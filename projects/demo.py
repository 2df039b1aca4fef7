"""Demo project PART-NET with its funder and partners (facts from DOMAIN.md, our own words).

Runs after the members' and good practice's demos (INSTALLED_APPS order). Partner members are
created when missing, with the members demo's data, and never overwritten here.
"""

from datetime import date

from events.models import Event
from goodpractice.models import Goal, Practice, TargetGroup, Topic
from members.demo import MEMBERS
from members.models import Member, Region
from network_portal.demo import set_links
from projects.models import Funder, Project, ProjectPartner

FUNDER = {
    "slug": "fondy-ehp-a-norska",
    "name_cs": "Fondy EHP a Norska",
    "name_en": "EEA and Norway Grants",
    "acknowledgement_cs": "Projekt PART-NET je podpořen z Fondů EHP a Norska 2014–2021. "
    "Společně pro zelenou, konkurenceschopnou a inkluzivní Evropu.",
    "acknowledgement_en": "The PART-NET project is supported by the EEA and Norway Grants "
    "2014–2021. Working together for a green, competitive and inclusive Europe.",
    "url": "https://eeagrants.org/",
}

PROJECT = {
    "name_cs": "PARTicipace a NETworking",
    "name_en": "PARTicipation and NETworking",
    "acronym": "PART-NET",
    "publication": "published",
    "summary_cs": "Česká a norská síť Zdravých měst si předávají zkušenosti se zapojováním "
    "obyvatel: jak oslovit ty, kdo se dosud neozvali, a jak s nimi lépe mluvit.",
    "summary_en": "The Czech and Norwegian Healthy Cities networks exchange experience in "
    "involving residents: how to reach people who have not spoken up yet and how to talk "
    "with them better.",
    "description_cs": "Projekt pomáhá městům, obcím a krajům vyzkoušet nové participativní "
    "metody a naučit úřady komunikovat s občany. Čtyři česká Zdravá města se v něm věnují "
    "vybraným skupinám obyvatel – ženám, mladým lidem, seniorům a lidem se zdravotním "
    "postižením – a dobrovolnické centrum v Ústí nad Labem lidem ze sociálně vyloučených "
    "lokalit. Norští partneři přinášejí své postupy a zároveň se inspirují u nás.\n\n"
    "Během dvou let se konají fóra, kulaté stoly, plánovací setkání a pocitové mapy v "
    "konkrétních městech, kurzy pro úředníky a politiky a semináře, webináře a konference "
    "otevřené všem obcím. Osvědčené příklady z obou zemí vycházejí česky i anglicky v "
    "databázi dobré praxe.",
    "description_en": "The project helps towns, municipalities and regions try out new "
    "participation methods and teaches local offices to communicate with citizens. Four "
    "Czech Healthy Cities each work with one group of residents – women, young people, "
    "seniors and people with disabilities – and the volunteer centre in Ústí nad Labem with "
    "people from socially excluded neighbourhoods. The Norwegian partners bring their own "
    "methods and take ideas home in return.\n\nOver two years there are forums, round "
    "tables, planning meetings and feeling maps in the partner towns, courses for officers "
    "and politicians, and seminars, webinars and conferences open to every municipality. "
    "Proven examples from both countries are published in Czech and English in the "
    "good-practice database.",
    "start": date(2022, 4, 1),
    "end": date(2024, 5, 1),
    "lead_organisation_cs": "Národní síť Zdravých měst ČR",
    "lead_organisation_en": "Healthy Cities of the Czech Republic",
    "programme_cs": "Řádná správa",
    "programme_en": "Good Governance",
    "programme_operator_cs": "Ministerstvo financí ČR",
    "programme_operator_en": "Ministry of Finance of the Czech Republic",
    "currency": "EUR",
    "website": "https://www.zdravamesta.cz/part-net",
}

# member slug, role cs, role en
MEMBER_PARTNERS = [
    ("chrudim", "ženy", "women"),
    ("litomerice", "mladí lidé", "young people"),
    ("prachatice", "lidé se zdravotním postižením", "people with disabilities"),
    ("valasske-mezirici", "senioři", "seniors"),
]
# name, country, website, role cs, role en
OUTSIDE_PARTNERS = [
    (
        "Sunne Kommuner",
        "NO",
        "",
        "norská síť Zdravých měst: sdílí norské zkušenosti s participací",
        "the Norwegian Healthy Cities Network: shares Norwegian experience with participation",
    ),
    (
        "Dobrovolnické centrum Ústí nad Labem",
        "CZ",
        "",
        "sociálně vyloučení lidé",
        "socially excluded people",
    ),
]
OUTPUTS = [
    "pocitova-mapa-bezpeci-zen-chrudim",
    "zapojovani-mladych-litomerice",
    "mesto-bez-barier-prachatice",
    "seniori-valasske-mezirici",
    "dobrovolnici-a-socialne-vyloucene-lokality-usti",
]


def _member(slug):
    """The demo member ``slug``, created from the members demo's data when missing."""
    for name, member_slug, kind, ico, nuts3, population, lat, lon, since, web, address in MEMBERS:
        if member_slug == slug:
            member, _created = Member.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "ico": ico,
                    "region": Region.objects.get(nuts3=nuts3),
                    "population": population,
                    "latitude": lat,
                    "longitude": lon,
                    "member_since": since,
                    "website": web,
                    "address": address,
                },
            )
            return member
    raise LookupError(slug)


# The demo events (events/demo.py) that are activities of PART-NET.
ACTIVITIES = ["studijni-navsteva-z-norska-2022"]


def load(stdout) -> None:
    funder, _created = Funder.objects.update_or_create(slug=FUNDER["slug"], defaults=FUNDER)
    project, _created = Project.objects.update_or_create(slug="part-net", defaults=PROJECT)
    set_links(
        project,
        funders=[funder],
        topics=Topic.objects.filter(slug__in=["sprava-a-uzemni-rozvoj", "socialni-prostredi"]),
        target_groups=TargetGroup.objects.filter(
            slug__in=[
                "zeny",
                "mladi-lide",
                "seniori",
                "lide-se-zdravotnim-postizenim",
                "socialne-vyloucene-osoby",
                "urednici-a-politici",
            ]
        ),
        goals=Goal.objects.filter(number__in=[10, 11, 16]),
    )
    position = 0
    for slug, role_cs, role_en in MEMBER_PARTNERS:
        position += 1
        ProjectPartner.objects.update_or_create(
            project=project,
            member=_member(slug),
            defaults={"role_cs": role_cs, "role_en": role_en, "position": position},
        )
    for name, country, website, role_cs, role_en in OUTSIDE_PARTNERS:
        position += 1
        ProjectPartner.objects.update_or_create(
            project=project,
            organisation_name=name,
            defaults={
                "country": country,
                "website": website,
                "role_cs": role_cs,
                "role_en": role_en,
                "position": position,
            },
        )
    linked = Practice.objects.filter(slug__in=OUTPUTS).update(project=project)
    activities = Event.objects.filter(slug__in=ACTIVITIES).update(project=project)
    stdout.write(
        f"  project PART-NET with its funder, 6 partners, {linked} outputs "
        f"and {activities} activities"
    )
