"""Demo pages of the network, the home page's lead, the introduction of "About the network"
and the footer, written from the domain facts (DOMAIN.md) in our own words, in both languages.

Idempotent: pages by (parent, slug), texts by key. Publication times are fixed, so a second
run changes nothing.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from pages.models import Page, SiteText

PUBLISHED = datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("Europe/Prague"))

TEXTS = {
    SiteText.Key.HOME_LEAD: (
        "Národní síť Zdravých měst ČR spojuje města, obce, kraje, městské části, mikroregiony "
        "i místní akční skupiny. Od roku 1994 společně pečují o zdraví obyvatel, udržitelný "
        "rozvoj a zapojování veřejnosti do rozhodování. Síť je Světovou zdravotnickou "
        "organizací certifikovanou platformou programu Zdravé město v Česku.",
        "The National Healthy Cities Network joins towns, villages, regions, city districts, "
        "microregions and local action groups. Since 1994 they have looked after their "
        "residents' health, sustainable development and people's say in local decisions "
        "together. The World Health Organization certifies the network as the platform of "
        "its Healthy City programme in Czechia.",
    ),
    SiteText.Key.ABOUT: (
        "Jsme sdružení obcí a krajů, které se rozhodly brát zdraví a kvalitu života svých "
        "obyvatel jako společný úkol. Každý člen se usnesením zastupitelstva přihlásí k "
        "programu Zdravé město WHO, jmenuje odpovědného politika a koordinátora a pracuje "
        "podle metody místní Agendy 21.\n\n"
        "Na těchto stránkách najdete, co členství přináší, jak oba programy fungují, kdo "
        "pracuje v kanceláři sítě a s kým spolupracujeme.",
        "We are an association of municipalities and regions that treat the health and quality "
        "of life of their residents as a shared task. Every member signs up to the WHO Healthy "
        "City programme by a council resolution, names a responsible politician and a "
        "coordinator, and works with the Local Agenda 21 method.\n\n"
        "These pages explain what membership brings, how both programmes work, who works in "
        "the network's office and whom we work with.",
    ),
    SiteText.Key.FOOTER: (
        "**Národní síť Zdravých měst ČR**  \nHradební 1, 110 00 Praha 1  \n"
        "[info@zdravamesta.cz](mailto:info@zdravamesta.cz)\n\n"
        "Certifikovaná platforma programu Zdravé město WHO v České republice.",
        "**Healthy Cities of the Czech Republic**  \nHradební 1, 110 00 Prague 1  \n"
        "[info@zdravamesta.cz](mailto:info@zdravamesta.cz)\n\n"
        "The WHO-certified platform of the Healthy City programme in the Czech Republic.",
    ),
}

# (parent slug or None, slug, position, in navigation, (cs title, lead, body), (en ...)).
PAGES = [
    (
        None,
        "clenstvi-a-vyhody",
        10,
        True,
        (
            "Členství a výhody",
            "Členem se může stát každá obec i právnická osoba založená obcemi. Co tím získá "
            "a co se od ní čeká?",
            "## Kdo se může přidat\n\n"
            "Města a statutární města, obce, městské části a obvody, kraje, mikroregiony a "
            "dobrovolné svazky obcí i místní akční skupiny. Dnes je nás kolem 140.\n\n"
            "## Co členství obnáší\n\n"
            "- usnesení zastupitelstva o přistoupení k programu Zdravé město WHO,\n"
            "- odpovědného politika (starostu nebo radního), který program zastupuje,\n"
            "- koordinátora z úřadu, který program vede v praxi,\n"
            "- každoroční hodnocení v místní Agendě 21.\n\n"
            "## Co členové získají\n\n"
            "- příklady dobré praxe od ostatních měst a krajů,\n"
            "- školení a aktuální informace pro úředníky i politiky,\n"
            "- podporu při strategickém plánování a zapojování veřejnosti – moderované "
            "plánovací akce, online nástroje, pocitové mapy,\n"
            "- přehled o dotačních možnostech a srovnatelná data.\n\n"
            "Přihlášku podáte na stránce [Jak se stát členem](/cs/clenove/clenstvi/).",
        ),
        (
            "Membership and benefits",
            "Any municipality, and any legal person formed by municipalities, can join. What "
            "does it gain, and what is expected of it?",
            "## Who can join\n\n"
            "Towns and statutory cities, villages, city districts, regions, microregions and "
            "voluntary unions of municipalities, and local action groups. There are about 140 "
            "of us today.\n\n"
            "## What membership involves\n\n"
            "- a council resolution joining the WHO Healthy City programme,\n"
            "- a responsible politician (the mayor or a councillor) who stands for it,\n"
            "- a coordinator at the municipal office who runs it day to day,\n"
            "- a yearly rating in Local Agenda 21.\n\n"
            "## What members get\n\n"
            "- good practice from other towns and regions,\n"
            "- training and current information for officers and politicians,\n"
            "- support with strategic planning and public participation – facilitated planning "
            "events, online tools, feeling maps,\n"
            "- news of grants and comparable data.\n\n"
            "Apply on the page [How to join](/en/members/membership/).",
        ),
    ),
    (
        None,
        "zdrave-mesto-a-ma21",
        20,
        True,
        (
            "Program Zdravé město WHO a MA21",
            "Dva rámce, podle kterých členové pracují: mezinárodní program Světové zdravotnické "
            "organizace a národní metoda kvality místní Agenda 21.",
            "## Zdravé město WHO\n\n"
            "Program Světové zdravotnické organizace vede města k tomu, aby zdraví bylo "
            "součástí všech jejich rozhodnutí – od dopravy po sociální služby. Naše síť je "
            "jeho certifikovanou platformou v Česku.\n\n"
            "## Místní Agenda 21\n\n"
            "MA21 je národní metoda kvality pro udržitelný rozvoj ve veřejné správě. Obce a "
            "kraje se v ní každý rok hodnotí v kategoriích od Zájemců přes D, C a B až po "
            "nejvyšší A. Audity udržitelného rozvoje pak procházejí deset témat, od správy věcí "
            "veřejných po globální odpovědnost.",
        ),
        (
            "WHO Healthy Cities and Local Agenda 21",
            "The two frameworks members work by: the World Health Organization's international "
            "programme and the national quality method Local Agenda 21.",
            "## WHO Healthy Cities\n\n"
            "The World Health Organization's programme helps cities make health part of every "
            "decision, from transport to social services. Our network is its certified "
            "platform in Czechia.\n\n"
            "## Local Agenda 21\n\n"
            "LA21 is the national quality method for sustainable development in public "
            "administration. Every year municipalities and regions are rated in categories "
            "from Interested through D, C and B up to A, the highest. Sustainable development "
            "audits then cover ten themes, from public administration to global "
            "responsibility.",
        ),
    ),
    (
        "zdrave-mesto-a-ma21",
        "kategorie-ma21",
        10,
        False,
        (
            "Kategorie místní Agendy 21",
            "Jak se obec posouvá od Zájemců ke kategorii A a co každý krok znamená.",
            "| kategorie | co znamená |\n|---|---|\n"
            "| Zájemci | obec se k MA21 přihlásila a začíná |\n"
            "| D | má politika, koordinátora a komunitní plánování |\n"
            "| C | strategické řízení s veřejností a pravidelné hodnocení |\n"
            "| B | prokázané výsledky v udržitelném rozvoji |\n"
            "| A | nejvyšší úroveň, ověřená audity |\n\n"
            "Hvězdička (například C\\*) značí, že obec splnila část kritérií vyšší kategorie.",
        ),
        (
            "Local Agenda 21 categories",
            "How a municipality moves from Interested to category A, and what each step means.",
            "| category | what it means |\n|---|---|\n"
            "| Interested | the municipality has signed up and is starting |\n"
            "| D | it has a politician, a coordinator and community planning |\n"
            "| C | strategic management with the public and regular evaluation |\n"
            "| B | proven results in sustainable development |\n"
            "| A | the highest level, confirmed by audits |\n\n"
            "A star (C\\*, for example) shows that part of the next category's criteria is met.",
        ),
    ),
    (
        None,
        "kancelar-a-kontakty",
        30,
        True,
        (
            "Kancelář a kontakty",
            "Kancelář sítě v Praze pomáhá členům, připravuje akce a školení a vede portál.",
            "## Adresa\n\n"
            "Národní síť Zdravých měst ČR, Hradební 1, 110 00 Praha 1  \n"
            "E-mail: [info@zdravamesta.cz](mailto:info@zdravamesta.cz)\n\n"
            "## Lidé\n\n"
            "- **Petr Švec**, ředitel\n"
            "- **Jitka Boušková**, kontakt pro členy a akce",
        ),
        (
            "Office and contacts",
            "The network's office in Prague helps members, prepares events and training, and "
            "runs this portal.",
            "## Address\n\n"
            "Healthy Cities of the Czech Republic, Hradební 1, 110 00 Prague 1  \n"
            "E-mail: [info@zdravamesta.cz](mailto:info@zdravamesta.cz)\n\n"
            "## People\n\n"
            "- **Petr Švec**, director\n"
            "- **Jitka Boušková**, contact for members and events",
        ),
    ),
    (
        None,
        "partneri",
        40,
        True,
        (
            "Partneři",
            "S kým spolupracujeme doma i v zahraničí.",
            "- **Světová zdravotnická organizace** – certifikuje síť jako platformu programu "
            "Zdravé město.\n"
            "- **Norská síť Zdravých měst (Sunne Kommuner)** – partner projektu PART-NET, "
            "společně jsme zkoušeli nové způsoby zapojování veřejnosti.\n"
            "- **Dobrovolnické centrum Ústí nad Labem** – partner PART-NET pro práci se "
            "sociálně vyloučenými.\n"
            "- **Fondy EHP a Norska** – z programu Řádná správa podpořily projekt PART-NET.",
        ),
        (
            "Partners",
            "Whom we work with at home and abroad.",
            "- **The World Health Organization** – certifies the network as the platform of the "
            "Healthy City programme.\n"
            "- **The Norwegian Healthy Cities Network (Sunne Kommuner)** – a PART-NET partner; "
            "together we tried new ways of involving the public.\n"
            "- **The Volunteer Centre Ústí nad Labem** – the PART-NET partner for work with "
            "socially excluded people.\n"
            "- **EEA and Norway Grants** – funded PART-NET through the Good Governance "
            "programme.",
        ),
    ),
]


def load(stdout):
    for key, (cs, en) in TEXTS.items():
        SiteText.objects.update_or_create(
            key=key,
            defaults={
                "body_cs": cs,
                "body_en": en,
                "cs_changed_at": PUBLISHED,
                "en_changed_at": PUBLISHED,
            },
        )
    pages = {}
    for parent_slug, slug, position, navigation, cs, en in PAGES:
        parent = pages.get(parent_slug)
        page, _created = Page.objects.update_or_create(
            parent=parent,
            slug=slug,
            defaults={
                "position": position,
                "show_in_navigation": navigation,
                "published_at": PUBLISHED,
                "title_cs": cs[0],
                "lead_cs": cs[1],
                "body_cs": cs[2],
                "title_en": en[0],
                "lead_en": en[1],
                "body_en": en[2],
                "cs_changed_at": PUBLISHED,
                "en_changed_at": PUBLISHED,
            },
        )
        pages[slug] = page
    stdout.write(f"Pages: {len(pages)}, site texts: {len(TEXTS)}.")
