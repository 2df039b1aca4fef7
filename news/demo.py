"""Demo news: the five seed articles of the network retold in our own words (DOMAIN.md, seeds/).

Runs after members, good practice and projects (INSTALLED_APPS order); linked records are looked
up by slug and missing ones are skipped.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from events.models import Event
from goodpractice.models import Practice, Topic
from members.models import Member
from network_portal.demo import set_links
from news.models import Article
from projects.models import Project

PRAGUE = ZoneInfo("Europe/Prague")

ARTICLES = [
    {
        "slug": "setkani-kraju-liberec-2015",
        "published_at": datetime(2015, 2, 13, 9, 0, tzinfo=PRAGUE),
        "members": ["liberecky-kraj", "jihomoravsky-kraj", "kraj-vysocina"],
        "practices": [
            "tvorba-vize-neziskoveho-sektoru-liberecky-kraj",
            "angazovanci-vzdelavani-v-zapojovani-verejnosti",
            "krajske-verejne-forum-vysocina",
        ],
        "topics": ["sprava-a-uzemni-rozvoj"],
        "cs": (
            "Zdravé kraje se sešly v Liberci",
            "Zástupci Libereckého a Jihomoravského kraje a kraje Vysočina si 12. února 2015 na "
            "krajském úřadě v Liberci vyměnili zkušenosti s programy Zdravý kraj a MA21.",
            "Hosty přivítali radní Libereckého kraje **Ivana Hujerová** a ředitel krajského "
            "úřadu **René Havlík**. Liberecký kraj ukázal, jak buduje partnerství pro udržitelný "
            "rozvoj, jak komunikuje s veřejností i uvnitř úřadu a jak pracuje s modelem "
            "excelence EFQM. Představil také vizi neziskového sektoru, která vznikla metodou "
            "tvorby vize komunity.\n\n"
            "## Co si kraje řekly\n\n"
            "Druhý blok vedl ředitel NSZM ČR Petr Švec:\n\n"
            "- plány zlepšování na rok 2015 a ohlédnutí za rokem předchozím,\n"
            "- krajské dotační programy – cíle, podmínky a podporované oblasti,\n"
            "- vzdělávací projekt **Angažovanci** z Vysočiny pro úředníky, neziskovky a aktivní "
            "občany,\n"
            "- krajské veřejné fórum a zapojování mládeže,\n"
            "- pracovní skupina projektu Zdravý kraj v Jihomoravském kraji.",
        ),
        "en": (
            "Healthy Regions met in Liberec",
            "On 12 February 2015 representatives of the Liberec and South Moravian regions and "
            "the Vysočina Region compared notes on the Healthy Region and Local Agenda 21 "
            "programmes at the regional authority in Liberec.",
            "Councillor **Ivana Hujerová** and the director of the regional authority **René "
            "Havlík** welcomed the guests. The Liberec Region explained how it builds "
            "partnerships for sustainable development, how it communicates with the public and "
            "inside the authority, and how it uses the EFQM excellence model. It also presented "
            "a vision for the region's non-profit sector, drawn up with the community vision "
            "method.\n\n"
            "## What the regions discussed\n\n"
            "The second part was chaired by the network's director Petr Švec:\n\n"
            "- improvement plans for 2015 and a look back at the previous year,\n"
            "- regional grant programmes – their aims, conditions and the areas they support,\n"
            "- **Angažovanci**, Vysočina's training in public participation for officers, "
            "non-profits and active citizens,\n"
            "- the regional public forum and the involvement of young people,\n"
            "- the working group of the Healthy Region project in South Moravia.",
        ),
    },
    {
        "slug": "jarni-skola-zdravych-mest-liberec-2019",
        "published_at": datetime(2019, 3, 8, 8, 0, tzinfo=PRAGUE),
        "members": ["liberecky-kraj"],
        "practices": ["lipo-ink-podnikatelsky-inkubator"],
        "topics": ["sprava-a-uzemni-rozvoj", "vzdelavani-a-vychova"],
        "cs": (
            "Jarní škola Zdravých měst míří do Liberce",
            "Liberecký kraj, člen sítě od roku 2011, hostí ve dnech 20.–22. března 2019 jarní "
            "Školu Zdravých měst, obcí a regionů. Úvodní seminář je otevřený všem.",
            "Tématem školy jsou **udržitelný rozvoj, kvalita života a zdraví**.\n\n"
            "1. **První den** patří semináři pro každého, kdo se zajímá o strategické řízení "
            "obcí a regionů: příklady ze Zdravých měst, možnosti financování a slovo zástupců "
            "ministerstev k řízení kvality. Účast je zdarma, kvůli kapacitě sálu je ale nutná "
            "registrace.\n"
            "2. **Druhý den** čekají koordinátory praktické tréninky zapojování veřejnosti.\n"
            "3. **Třetí den** se účastníci naučí pracovat s informačním systémem DataPlán, "
            "portály sítě a sociálními sítěmi.\n\n"
            "Kraj představí program *Prevence a podpora zdraví* a podnikatelský inkubátor "
            "*Lipo.ink*, říká radní **Radka Loučková Kotasová**. Dopoledne přijde i hejtman "
            "Martin Půta a radní pro zdravotnictví Přemysl Sobotka. Škola je součástí "
            "akreditovaného programu „Místní Agenda 21 a Projekt Zdravé Město WHO“.",
        ),
        "en": (
            "The Healthy Cities spring school comes to Liberec",
            "The Liberec Region, a member since 2011, hosts the spring Healthy Cities School "
            "for towns, municipalities and regions on 20–22 March 2019. The opening seminar is "
            "open to everyone.",
            "The school is about **sustainable development, quality of life and health**.\n\n"
            "1. **Day one** is a seminar for anyone interested in the strategic management of "
            "towns and regions: examples from Healthy Cities, funding opportunities and a word "
            "from the ministries on quality management. It is free, but places are limited, so "
            "registration is required.\n"
            "2. **Day two** offers coordinators practical training in public participation.\n"
            "3. **Day three** teaches the DataPlán information system, the network's portals "
            "and social media.\n\n"
            "The region will present its *Health prevention and promotion* programme and the "
            "*Lipo.ink* business incubator, says councillor **Radka Loučková Kotasová**. "
            "Governor Martin Půta and health councillor Přemysl Sobotka join the morning "
            "session. The school is part of the accredited programme “Local Agenda 21 and the "
            "WHO Healthy City Project”.",
        ),
    },
    {
        "slug": "tachov-novym-clenem-site",
        "published_at": datetime(2021, 9, 20, 10, 0, tzinfo=PRAGUE),
        "members": ["tachov", "rokycany", "prestice", "klatovy"],
        "practices": [],
        "topics": ["sprava-a-uzemni-rozvoj"],
        "cs": (
            "Tachov se přidal k Národní síti Zdravých měst",
            "Město Tachov vstoupilo do NSZM ČR a zavázalo se uskutečňovat program Zdravé město "
            "podle standardů WHO. V Plzeňském kraji se tak přidává k Rokycanům, Přešticím a "
            "Klatovům.",
            "Za program v Tachově odpovídá starosta **Mgr. Petr Vrána**, koordinátorkou je "
            "tisková mluvčí města **Mgr. Tereza Kořínská**.\n\n"
            "Co členství městu přináší:\n\n"
            "- přístup k dobré praxi z celé republiky,\n"
            "- akreditované vzdělávání, semináře, webináře a e-rozvojovny pro úředníky i "
            "politiky,\n"
            "- konzultace ke strategickému plánování a data pro srovnání s jinými městy,\n"
            "- pomoc se zapojováním veřejnosti, například s pocitovými mapami,\n"
            "- přehled o grantech a dalších zdrojích financování.\n\n"
            "Starosta očekává, že Tachov převezme osvědčené projekty jiných měst a ušetří tím "
            "peníze, čas i energii.",
        ),
        "en": (
            "Tachov joins the Healthy Cities Network",
            "The town of Tachov has joined the network and committed itself to the WHO Healthy "
            "City programme. In the Plzeň Region it joins Rokycany, Přeštice and Klatovy.",
            "The mayor **Petr Vrána** is the politician responsible for the programme; the "
            "town's press officer **Tereza Kořínská** is its coordinator.\n\n"
            "What membership brings the town:\n\n"
            "- access to good practice from the whole country,\n"
            "- accredited training, seminars, webinars and online development sessions for "
            "officers and politicians,\n"
            "- advice on strategic planning and data to compare with other towns,\n"
            "- help with involving the public, for example with feeling maps,\n"
            "- an overview of grants and other funding.\n\n"
            "The mayor expects Tachov to take over projects that worked elsewhere and save "
            "money, time and energy in doing so.",
        ),
    },
    {
        "slug": "start-projektu-part-net",
        "published_at": datetime(2022, 4, 20, 9, 0, tzinfo=PRAGUE),
        "members": ["chrudim", "litomerice", "prachatice", "valasske-mezirici"],
        "projects": ["part-net"],
        "practices": [],
        "topics": ["sprava-a-uzemni-rozvoj", "socialni-prostredi"],
        "cs": (
            "Začíná projekt PART-NET: čeští a norští partneři o zapojování obyvatel",
            "Národní síť Zdravých měst na začátku dubna 2022 rozjela projekt PART-NET. Spolu s "
            "norskou sítí Zdravých měst a několika českými městy bude do jara 2024 hledat nové "
            "cesty, jak s lidmi plánovat.",
            "Cílem je pomoci městům, obcím a regionům vyzkoušet participativní metody, oslovit "
            "ty, kdo se dosud nezapojovali, a naučit úřady lépe komunikovat s občany.\n\n"
            "## Partneři a jejich témata\n\n"
            "- Chrudim – ženy\n"
            "- Litoměřice – mladí lidé\n"
            "- Prachatice – lidé se zdravotním postižením\n"
            "- Valašské Meziříčí – senioři\n"
            "- Dobrovolnické centrum Ústí nad Labem – sociálně vyloučení lidé\n"
            "- Sunne Kommuner, norská síť Zdravých měst – norské zkušenosti\n\n"
            "Na programu jsou fóra, kulaté stoly, plánovací setkání i pocitové mapy, kurzy pro "
            "politiky a úředníky a semináře, webináře a konference otevřené obcím z celé země. "
            "Jitka Boušková z NSZM ČR připomíná, že covid změnil zaběhnuté postupy a před "
            "komunálními volbami je umění mluvit s veřejností důležitější než kdy jindy.",
        ),
        "en": (
            "PART-NET begins: Czech and Norwegian partners on involving residents",
            "In early April 2022 the Healthy Cities Network launched PART-NET. Together with "
            "the Norwegian Healthy Cities Network and several Czech towns it will look for new "
            "ways of planning with people until spring 2024.",
            "The aim is to help towns, municipalities and regions try participation methods, "
            "reach those who have not taken part so far and help local offices communicate "
            "better with citizens.\n\n"
            "## The partners and their focus\n\n"
            "- Chrudim – women\n"
            "- Litoměřice – young people\n"
            "- Prachatice – people with disabilities\n"
            "- Valašské Meziříčí – seniors\n"
            "- the Volunteer Centre Ústí nad Labem – socially excluded people\n"
            "- Sunne Kommuner, the Norwegian Healthy Cities Network – Norwegian experience\n\n"
            "Forums, round tables, planning meetings and feeling maps are planned, along with "
            "courses for politicians and officers and seminars, webinars and conferences open "
            "to municipalities across the country. Jitka Boušková of the network points out "
            "that covid changed the usual ways of working, and that before the local elections "
            "talking with the public matters more than ever.",
        ),
    },
    {
        "slug": "norska-zdrava-mesta-v-brne-a-praze",
        "published_at": datetime(2022, 12, 9, 10, 0, tzinfo=PRAGUE),
        "members": ["brno", "praha"],
        "projects": ["part-net"],
        "practices": [
            "participativni-rozpocet-brno-dame-na-vas",
            "sdilene-bydleni-senioru-brno",
            "prevence-rakoviny-brno-not-alone-in-this",
            "asker-lokalni-vybory",
            "indre-ostfold-otevrena-mista-setkavani",
            "kristiansand-mladeznicka-rada",
        ],
        "topics": ["sprava-a-uzemni-rozvoj"],
        "cs": (
            "Norská Zdravá města na návštěvě v Brně a Praze",
            "Na začátku prosince přijeli kolegové z norských měst Asker, Indre Østfold a "
            "Kristiansand a z norské sítě Zdravých měst. Dva dny patřily zapojování občanů.",
            "V **Brně** připravila program Kancelář Brno – Zdravé město s odborem participace. "
            "Hosté slyšeli o participaci v práci s daty a ve strategickém plánování a viděli "
            "hotové projekty z participativního rozpočtu „Dáme na vás“. Nejvíc je zaujalo "
            "sdílené bydlení seniorů a projekt „Not Alone in This“ o prevenci rakoviny.\n\n"
            "V **Praze** následoval národní seminář o zapojování občanů s českými i norskými "
            "příklady. Vybrané příklady z obou zemí jsou v databázi dobré praxe česky i "
            "anglicky.\n\n"
            "> Spolupráce ukazuje, že se máme čím pochlubit, a zároveň kde se můžeme ještě "
            "učit, shrnuje ředitel NSZM ČR Petr Švec.",
        ),
        "en": (
            "Norwegian Healthy Cities visit Brno and Prague",
            "In early December colleagues from the Norwegian towns of Asker, Indre Østfold and "
            "Kristiansand and from the Norwegian Healthy Cities Network came to Czechia. Two "
            "days were devoted to citizen engagement.",
            "In **Brno** the Healthy City office and the participation department prepared the "
            "programme. The guests heard how participation helps in working with data and in "
            "strategic planning, and saw finished projects of the participatory budget “Dáme "
            "na vás”. Shared housing for seniors and the cancer-prevention project “Not Alone in "
            "This” impressed them most.\n\n"
            "In **Prague** a national seminar on citizen engagement followed, with Czech and "
            "Norwegian examples. Selected examples from both countries are in the good-practice "
            "database in Czech and English.\n\n"
            "> The cooperation shows that we have things to be proud of, and also where we can "
            "still learn, says the network's director Petr Švec.",
        ),
    },
]


# The demo events (events/demo.py) each article reports on.
EVENTS = {
    "setkani-kraju-liberec-2015": ["setkani-kraju-2015-liberec"],
    "jarni-skola-zdravych-mest-liberec-2019": ["jarni-skola-zdravych-mest-2019"],
    "norska-zdrava-mesta-v-brne-a-praze": ["studijni-navsteva-z-norska-2022"],
}


def load(stdout) -> None:
    for data in ARTICLES:
        title_cs, perex_cs, body_cs = data["cs"]
        title_en, perex_en, body_en = data["en"]
        article, _created = Article.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title_cs": title_cs,
                "perex_cs": perex_cs,
                "body_cs": body_cs,
                "title_en": title_en,
                "perex_en": perex_en,
                "body_en": body_en,
                "published_at": data["published_at"],
            },
        )
        set_links(
            article,
            members=Member.objects.filter(slug__in=data["members"]),
            projects=Project.objects.filter(slug__in=data.get("projects", [])),
            events=Event.objects.filter(slug__in=EVENTS.get(data["slug"], [])),
            practices=Practice.objects.filter(slug__in=data["practices"]),
            topics=Topic.objects.filter(slug__in=data["topics"]),
        )
    stdout.write(f"  {len(ARTICLES)} news articles")
