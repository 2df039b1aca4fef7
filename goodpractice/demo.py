"""Demo examples of good practice, based on the facts in DOMAIN.md (texts in our own words).

Runs after the members' demo (INSTALLED_APPS order); members are looked up by slug, and an
example whose members are all missing is skipped with a note.
"""

from datetime import timedelta

from django.utils import timezone

from goodpractice.models import Goal, Method, Practice, TargetGroup, Topic
from members.models import Member
from network_portal.demo import set_links

EXAMPLES = [
    {
        "slug": "participativni-rozpocet-brno-dame-na-vas",
        "members": ["brno"],
        "year_from": 2017,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["sirsi-verejnost", "mladi-lide"],
        "methods": ["participativni-rozpocet", "online-participace"],
        "goals": [11, 16],
        "verified": True,
        "contact": ("Kancelář Brno – Zdravé město", "zdravemesto@example.org"),
        "cs": (
            "Participativní rozpočet Brna „Dáme na vás“",
            "Obyvatelé Brna každý rok sami navrhují projekty pro své okolí a hlasováním "
            "rozhodují, na které z nich město vyčlení peníze z rozpočtu.",
            "Město vyhrazuje část rozpočtu na nápady svých obyvatel. Kdokoli může podat návrh – "
            "lavičky u řeky, komunitní zahradu, hřiště nebo opravu zanedbaného parku. Úředníci "
            "návrhy posoudí z hlediska proveditelnosti a nákladů a o vítězích pak rozhodují "
            "lidé v hlasování přes internet.\n\nZa roky fungování vznikly desítky hotových "
            "projektů a do hlasování se zapojují tisíce Brňanů. Norští partneři si při studijní "
            "návštěvě v prosinci prohlédli několik realizovaných projektů přímo v terénu.",
        ),
        "en": (
            "Brno's participatory budget “We value your opinion”",
            "Every year the people of Brno propose projects for their neighbourhoods and vote "
            "on which of them the city pays for from its budget.",
            "The city sets aside part of its budget for its residents' ideas. Anyone can submit "
            "a proposal – benches by the river, a community garden, a playground or the repair "
            "of a neglected park. Officers check each proposal for feasibility and cost, and "
            "residents choose the winners in an online vote.\n\nDozens of projects have been "
            "built so far and thousands of residents take part in the vote. Norwegian partners "
            "visited several finished projects during their study visit in December.",
        ),
    },
    {
        "slug": "sdilene-bydleni-senioru-brno",
        "members": ["brno"],
        "year_from": 2019,
        "year_to": 2023,
        "topic": "socialni-prostredi",
        "groups": ["seniori"],
        "methods": ["komunitni-projekt"],
        "goals": [3, 10, 11],
        "cs": (
            "Sdílené bydlení pro seniory v Brně",
            "Senioři, kteří nechtějí žít sami, sdílejí v Brně společný byt s vlastními pokoji "
            "a společnou kuchyní; pomáhá jim sociální pracovnice.",
            "Projekt vznikl z podnětu v participativním rozpočtu. Město upravilo byt tak, aby v "
            "něm mohlo bydlet několik starších lidí, každý ve svém pokoji, se společným obývacím "
            "prostorem. Obyvatelé si navzájem pomáhají, vaří spolu a nejsou odkázáni na samotu.\n\n"
            "Zahraniční návštěvníci ze sítě Zdravých měst v Norsku ocenili, že jde o levné a "
            "lidské řešení mezi vlastním bytem a domovem pro seniory.",
        ),
        "en": (
            "Shared housing for seniors in Brno",
            "Older people who do not want to live alone share a flat in Brno, each with a room "
            "of their own and a common kitchen, supported by a social worker.",
            "The project grew out of a proposal in the participatory budget. The city adapted a "
            "flat for several older residents, each with a private room and a shared living "
            "space. They help each other, cook together and are not left alone.\n\nVisitors from "
            "the Norwegian Healthy Cities Network valued it as an affordable and humane option "
            "between a home of one's own and a care home.",
        ),
    },
    {
        "slug": "prevence-rakoviny-brno-not-alone-in-this",
        "members": ["brno"],
        "year_from": 2022,
        "topic": "zdravi",
        "groups": ["sirsi-verejnost", "zeny"],
        "methods": ["kampan"],
        "goals": [3],
        "cs": (
            "Prevence rakoviny: projekt „Not Alone in This“",
            "Brněnský projekt o prevenci a léčbě rakoviny propojuje pacienty, lékaře a "
            "dobrovolníky a šíří informace o preventivních prohlídkách.",
            "Besedy, osobní příběhy a praktické informace o screeningu pomáhají lidem nebát se "
            "prevence. Projekt nabízí i podporu těm, kdo nemocí procházejí, a jejich blízkým.",
        ),
        "en": (
            "Cancer prevention: the “Not Alone in This” project",
            "A Brno project on cancer prevention and treatment brings patients, doctors and "
            "volunteers together and spreads the word about screening.",
            "Talks, personal stories and practical information about screening help people "
            "overcome their fear of check-ups. The project also supports those going through "
            "the illness and their families.",
        ),
    },
    {
        "slug": "zapojovani-mladych-litomerice",
        "members": ["litomerice"],
        "year_from": 2022,
        "year_to": 2024,
        "topic": "vzdelavani-a-vychova",
        "groups": ["mladi-lide"],
        "methods": ["workshop", "kulaty-stul", "participativni-rozpocet"],
        "goals": [4, 16],
        "verified": True,
        "cs": (
            "Mladí lidé spoluvytvářejí Litoměřice",
            "Litoměřice dávají mladým skutečný hlas: studentský parlament, kulaté stoly se "
            "zastupiteli a školní participativní rozpočty.",
            "Město dlouhodobě pracuje s mladými lidmi jako s partnery. Studenti připravují "
            "vlastní projekty, diskutují se zastupiteli u kulatých stolů a na školách hlasují o "
            "tom, jak využít peníze ze školního participativního rozpočtu.\n\nV rámci projektu "
            "PART-NET město sdílí své zkušenosti s ostatními obcemi i s norskými partnery.",
        ),
        "en": (
            "Young people help shape Litoměřice",
            "Litoměřice gives young people a real voice: a student parliament, round tables "
            "with councillors and participatory budgets in schools.",
            "The town has long treated young people as partners. Students prepare their own "
            "projects, discuss them with councillors at round tables and vote in their schools "
            "on how to spend the school participatory budget.\n\nIn the PART-NET project the "
            "town shares its experience with other municipalities and Norwegian partners.",
        ),
    },
    {
        "slug": "seniori-valasske-mezirici",
        "members": ["valasske-mezirici"],
        "year_from": 2023,
        "topic": "socialni-prostredi",
        "groups": ["seniori"],
        "methods": ["kulaty-stul", "anketa"],
        "goals": [3, 10],
        "cs": (
            "Senioři u jednoho stolu ve Valašském Meziříčí",
            "Kulaté stoly a anketa mezi seniory ukázaly městu, co starší obyvatelé potřebují – "
            "od laviček po dostupnou dopravu k lékaři.",
            "Město pozvalo seniory ke kulatým stolům v klubech a domech s pečovatelskou službou "
            "a rozeslalo tištěnou anketu, protože mnoho starších lidí internet nepoužívá. "
            "Výsledky se promítly do plánu sociálních služeb a do drobných úprav veřejného "
            "prostoru.",
        ),
        "en": (
            "Seniors at one table in Valašské Meziříčí",
            "Round tables and a survey among seniors showed the town what its older residents "
            "need – from benches to accessible transport to the doctor.",
            "The town invited seniors to round tables in clubs and sheltered housing and sent "
            "out a printed survey, since many older people do not use the internet. The results "
            "went into the plan of social services and into small changes to public spaces.",
        ),
    },
    {
        "slug": "pocitova-mapa-bezpeci-zen-chrudim",
        "members": ["chrudim"],
        "year_from": 2023,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["zeny"],
        "methods": ["pocitove-mapy", "planovaci-setkani"],
        "goals": [5, 11],
        "cs": (
            "Pocitová mapa bezpečí žen v Chrudimi",
            "Ženy z Chrudimi zakreslily do pocitové mapy místa, kde se cítí dobře, i ta, kterým "
            "se večer raději vyhýbají; město podle nich plánuje úpravy.",
            "Pocitové mapy jsou jednoduchý nástroj: lidé na mapě označí místa, která mají rádi, "
            "a místa, kde mají strach nebo jim něco vadí. V Chrudimi se mapování zaměřilo na "
            "ženy a na bezpečnost. Na plánovacím setkání pak ženy s úředníky probraly, co "
            "změnit – osvětlení podchodu, prořezání keřů u zastávky a lepší značení.",
        ),
        "en": (
            "A feeling map of women's safety in Chrudim",
            "Women in Chrudim marked on a feeling map the places where they feel good and those "
            "they avoid in the evening; the town plans changes accordingly.",
            "Feeling maps are a simple tool: people mark on a map the places they like and the "
            "places that scare or bother them. In Chrudim the mapping focused on women and "
            "safety. At a planning meeting women and officers then agreed what to change – "
            "lighting in an underpass, trimming bushes at a bus stop and better signage.",
        ),
    },
    {
        "slug": "mesto-bez-barier-prachatice",
        "members": ["prachatice"],
        "year_from": 2022,
        "year_to": 2023,
        "topic": "doprava",
        "groups": ["lide-se-zdravotnim-postizenim"],
        "methods": ["pocitove-mapy", "verejne-forum"],
        "goals": [10, 11],
        "verified": True,
        "cs": (
            "Prachatice bez bariér",
            "Lidé se zdravotním postižením prošli s úředníky centrum Prachatic a zmapovali "
            "bariéry; město je postupně odstraňuje.",
            "Vozíčkáři, nevidomí a senioři s chodítkem ukázali úředníkům a projektantům, kde "
            "se ve městě nedostanou dál: vysoké obrubníky, chybějící vodicí linie, nepřístupné "
            "vchody do úřadů. Výstupy se objevily na veřejném fóru a staly se podkladem pro "
            "plán odstraňování bariér.",
        ),
        "en": (
            "Prachatice without barriers",
            "People with disabilities walked through the centre of Prachatice with officers "
            "and mapped the barriers; the town is removing them step by step.",
            "Wheelchair users, blind people and seniors with walkers showed officers and "
            "designers where they cannot go on: high kerbs, missing guide lines for the blind, "
            "inaccessible entrances to public offices. The findings were presented at a public "
            "forum and became the basis of a plan to remove the barriers.",
        ),
    },
    {
        "slug": "dobrovolnici-a-socialne-vyloucene-lokality-usti",
        "members": [],
        "partner": "Dobrovolnické centrum Ústí nad Labem",
        "year_from": 2022,
        "year_to": 2024,
        "topic": "socialni-prostredi",
        "groups": ["socialne-vyloucene-osoby"],
        "methods": ["komunitni-projekt", "kulaty-stul"],
        "goals": [1, 10],
        "cs": (
            "Dobrovolníci pomáhají zapojit obyvatele vyloučených lokalit",
            "Dobrovolnické centrum v Ústí nad Labem ukazuje, jak oslovit lidi ze sociálně "
            "vyloučených lokalit, kteří se veřejného dění obvykle neúčastní.",
            "Dobrovolníci a terénní pracovníci chodí za lidmi tam, kde žijí, a zvou je na "
            "setkání o úpravách jejich ulice či dvora. Rozhovory probíhají bez úředních formulářů "
            "a lidé vidí, že jejich názor má výsledek. Zkušenosti centrum sdílí v projektu "
            "PART-NET s městy z celé republiky.",
        ),
        "en": None,  # available in Czech only
    },
    {
        "slug": "tvorba-vize-neziskoveho-sektoru-liberecky-kraj",
        "members": ["liberecky-kraj"],
        "year_from": 2014,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["neziskove-organizace"],
        "methods": ["tvorba-vize-komunity", "planovaci-setkani"],
        "goals": [16, 17],
        "cs": (
            "Společná vize neziskového sektoru Libereckého kraje",
            "Zástupci neziskových organizací v Libereckém kraji společně sestavili vizi "
            "svého sektoru metodou tvorby vize komunity.",
            "Kraj pozval neziskové organizace na společné setkání. Účastníci nejprve popsali, "
            "jak by měl neziskový sektor v kraji vypadat za deset let, a pak se shodli na "
            "krocích, jak toho dosáhnout. Vize slouží kraji při nastavování dotačních programů.",
        ),
        "en": (
            "A shared vision of the non-profit sector in the Liberec Region",
            "Representatives of non-profit organisations in the Liberec Region drew up a "
            "vision of their sector together, using community vision making.",
            "The region invited non-profit organisations to a joint meeting. Participants first "
            "described what the sector in the region should look like in ten years and then "
            "agreed on the steps to get there. The region uses the vision when it sets up its "
            "grant programmes.",
        ),
    },
    {
        "slug": "lipo-ink-podnikatelsky-inkubator",
        "members": ["liberecky-kraj"],
        "year_from": 2018,
        "topic": "ekonomika-a-podnikani",
        "groups": ["mladi-lide", "sirsi-verejnost"],
        "methods": ["vzdelavani"],
        "goals": [8, 9],
        "cs": (
            "Lipo.ink – Liberecký podnikatelský inkubátor",
            "Krajský inkubátor pomáhá začínajícím podnikatelům s prostorem, poradenstvím a "
            "kontakty; kraj ho představil jako dobrou praxi na jarní Škole Zdravých měst.",
            "Začínající firmy získají levné kanceláře, mentory a vzdělávací program. Inkubátor "
            "propojuje podnikatele s vysokou školou a s místními firmami a pomáhá tak udržet "
            "talentované lidi v regionu.",
        ),
        "en": (
            "Lipo.ink – the Liberec business incubator",
            "The regional incubator helps new entrepreneurs with space, advice and contacts; the "
            "region presented it as good practice at the spring Healthy Cities School.",
            "Start-ups get affordable offices, mentors and a training programme. The incubator "
            "connects entrepreneurs with the university and local companies, which helps keep "
            "talented people in the region.",
        ),
    },
    {
        "slug": "angazovanci-vzdelavani-v-zapojovani-verejnosti",
        "members": ["kraj-vysocina"],
        "year_from": 2014,
        "year_to": 2015,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["urednici-a-politici", "neziskove-organizace"],
        "methods": ["vzdelavani"],
        "goals": [16],
        "outdated_english": True,
        "cs": (
            "Angažovanci: kurz zapojování veřejnosti na Vysočině",
            "Kraj Vysočina vzdělává úředníky, neziskové organizace a aktivní občany v tom, jak "
            "zapojit veřejnost do dění v obci.",
            "Kurz kombinuje teorii s praxí: účastníci si vyzkouší přípravu veřejného projednání, "
            "moderování diskuse i vyhodnocení ankety. Absolventi pak pomáhají svým obcím "
            "připravit plánovací setkání. Novinkou posledního běhu je modul o online "
            "participaci a práci se sociálními sítěmi.",
        ),
        "en": (
            "Angažovanci: a course in public participation in the Vysočina Region",
            "The Vysočina Region trains officers, non-profit organisations and active citizens "
            "in involving the public in the life of their municipality.",
            "The course combines theory and practice: participants try out preparing a public "
            "consultation, moderating a discussion and evaluating a survey. Graduates then help "
            "their municipalities prepare planning meetings.",
        ),
    },
    {
        "slug": "krajske-verejne-forum-vysocina",
        "members": ["kraj-vysocina"],
        "year_from": 2015,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["sirsi-verejnost", "mladi-lide"],
        "methods": ["verejne-forum"],
        "goals": [11, 16],
        "cs": (
            "Krajské veřejné fórum na Vysočině",
            "Obyvatelé kraje Vysočina na veřejném fóru pojmenovávají největší problémy regionu; "
            "zvláštní pozornost patří mladým lidem.",
            "Na fóru se u tematických stolů diskutuje o dopravě, zdraví, vzdělávání či životním "
            "prostředí. Účastníci pak hlasují o prioritách, které kraj ověří anketou a promítne "
            "do svých plánů. Mladí lidé mají vlastní stůl a vlastní hlasování.",
        ),
        "en": (
            "The regional public forum in Vysočina",
            "At a public forum the people of the Vysočina Region name the region's biggest "
            "problems, with special attention to young people.",
            "At themed tables people discuss transport, health, education and the environment. "
            "They then vote on priorities, which the region checks with a survey and takes into "
            "its plans. Young people have a table and a vote of their own.",
        ),
    },
    {
        "slug": "asker-lokalni-vybory",
        "members": [],
        "partner": "Asker kommune",
        "country": "NO",
        "year_from": 2020,
        "topic": "sprava-a-uzemni-rozvoj",
        "groups": ["sirsi-verejnost"],
        "methods": ["planovaci-setkani", "online-participace"],
        "goals": [11, 16],
        "cs": (
            "Asker: místní výbory občanů",
            "Norská obec Asker svěřila část rozhodování místním výborům, ve kterých sedí "
            "obyvatelé jednotlivých čtvrtí a vesnic.",
            "Výbory se scházejí veřejně, sbírají podněty sousedů a radí obci v otázkách, které "
            "se jejich území týkají. Čeští účastníci semináře v Praze ocenili, jak blízko má "
            "v Askeru občan k rozhodování.",
        ),
        "en": (
            "Asker: local community committees",
            "The Norwegian municipality of Asker has handed part of its decisions to local "
            "committees of residents of each district and village.",
            "The committees meet in public, gather their neighbours' suggestions and advise the "
            "municipality on matters affecting their area. Czech participants at the seminar in "
            "Prague appreciated how close Asker's residents are to decision-making.",
        ),
    },
    {
        "slug": "indre-ostfold-otevrena-mista-setkavani",
        "members": [],
        "partner": "Indre Østfold kommune",
        "country": "NO",
        "year_from": 2021,
        "topic": "zdravi",
        "groups": ["seniori", "socialne-vyloucene-osoby"],
        "methods": ["komunitni-projekt"],
        "goals": [3, 10],
        "cs": (
            "Indre Østfold: otevřená místa setkávání",
            "Obec Indre Østfold podporuje otevřená místa, kde se lidé potkávají bez programu a "
            "bez poplatků – proti osamělosti a pro zdraví.",
            "Knihovny, dobrovolnická centra a klubovny slouží jako „obývák“ obce. Lidé si tam "
            "mohou popovídat, uvařit kávu nebo se zapojit do dobrovolnictví. Obec tak podporuje "
            "duševní zdraví a zároveň získává kontakt s lidmi, kteří na veřejná projednání "
            "nechodí.",
        ),
        "en": (
            "Indre Østfold: open meeting places",
            "The municipality of Indre Østfold supports open places where people meet without "
            "a programme or fees – against loneliness and for health.",
            "Libraries, volunteer centres and clubrooms serve as the municipality's “living "
            "room”. People can chat, make a coffee or take up volunteering. The municipality "
            "supports mental health and reaches people who never come to public hearings.",
        ),
    },
    {
        "slug": "kristiansand-mladeznicka-rada",
        "members": [],
        "partner": "Kristiansand kommune",
        "country": "NO",
        "year_from": 2019,
        "topic": "vzdelavani-a-vychova",
        "groups": ["mladi-lide"],
        "methods": ["participativni-rozpocet", "kulaty-stul"],
        "goals": [4, 16],
        "cs": (
            "Kristiansand: mládežnická rada s vlastním rozpočtem",
            "Mladí lidé v norském Kristiansandu volí svou radu, která má vlastní rozpočet a "
            "právo vyjádřit se k plánům města.",
            "Rada mládeže rozděluje peníze na projekty mladých a její zástupci se vyjadřují "
            "k návrhům, které se mladých týkají – od hřišť po veřejnou dopravu. Inspirace "
            "zaujala zejména česká města, která začínají s dětskými zastupitelstvy.",
        ),
        "en": (
            "Kristiansand: a youth council with a budget of its own",
            "Young people in the Norwegian city of Kristiansand elect a council that has its "
            "own budget and a say in the city's plans.",
            "The youth council distributes money to young people's projects and its members "
            "comment on proposals affecting young people – from playgrounds to public "
            "transport. Czech towns starting children's councils found it especially inspiring.",
        ),
    },
    {
        "slug": "pocitove-mapy-jihomoravsky-kraj",
        "members": ["jihomoravsky-kraj", "brno"],
        "year_from": 2021,
        "topic": "zivotni-prostredi",
        "groups": ["sirsi-verejnost", "rodiny"],
        "methods": ["pocitove-mapy", "online-participace"],
        "goals": [11, 13, 15],
        "cs": (
            "Pocitové mapy zeleně v Jihomoravském kraji",
            "Online pocitová mapa ukázala, které parky a zelené plochy lidé milují a kde jim "
            "zeleň chybí; výsledky pomáhají plánovat výsadbu stromů.",
            "Obyvatelé označovali na mapě místa příjemná, místa s chybějícím stínem i místa, "
            "kde se necítí bezpečně. Data kraj a město zpracovali a použili je při výběru "
            "lokalit pro nové stromy a úpravy veřejných prostranství.",
        ),
        "en": (
            "Feeling maps of green spaces in the South Moravian Region",
            "An online feeling map showed which parks and green areas people love and where "
            "greenery is missing; the results help plan tree planting.",
            "Residents marked pleasant places, places without shade and places where they do "
            "not feel safe. The region and the city processed the data and used it to choose "
            "sites for new trees and improvements of public spaces.",
        ),
    },
]


def _member(slug):
    """The demo member from the members' demo; ``None`` (and the example skips it) if absent."""
    return Member.objects.filter(slug=slug).first()


def load(stdout) -> None:
    now = timezone.now()
    topics = {term.slug: term for term in Topic.objects.all()}
    groups = {term.slug: term for term in TargetGroup.objects.all()}
    methods = {term.slug: term for term in Method.objects.all()}
    goals = {goal.number: goal for goal in Goal.objects.all()}
    count = 0
    for number, example in enumerate(EXAMPLES):
        members = [m for m in (_member(slug) for slug in example["members"]) if m is not None]
        if example["members"] and not members:
            stdout.write(f"  skipped {example['slug']}: its member is missing")
            continue
        title_cs, summary_cs, body_cs = example["cs"]
        title_en, summary_en, body_en = example["en"] or ("", "", "")
        published = now - timedelta(days=7 * (len(EXAMPLES) - number))
        en_changed = None if not title_en else published
        cs_changed = published
        if example.get("outdated_english"):
            # The Czech text was extended after the English was written.
            cs_changed = published + timedelta(days=3)
        contact_name, contact_email = example.get("contact", ("", ""))
        practice, _created = Practice.objects.update_or_create(
            slug=example["slug"],
            defaults={
                "title_cs": title_cs,
                "title_en": title_en,
                "summary_cs": summary_cs,
                "summary_en": summary_en,
                "body_cs": body_cs,
                "body_en": body_en,
                "partner_name": example.get("partner", ""),
                "country": example.get("country", "CZ"),
                "year_from": example["year_from"],
                "year_to": example.get("year_to"),
                "topic": topics[example["topic"]],
                "status": Practice.Status.PUBLISHED,
                "verified": example.get("verified", False),
                "published_at": published,
                "cs_changed_at": cs_changed,
                "en_changed_at": en_changed,
                "contact_name": contact_name,
                "contact_email": contact_email,
                "links": "https://www.dobrapraxe.cz/\nhttps://www.zdravamesta.cz/",
            },
        )
        set_links(
            practice,
            members=members,
            target_groups=[groups[slug] for slug in example["groups"]],
            methods=[methods[slug] for slug in example["methods"]],
            goals=[goals[n] for n in example["goals"]],
        )
        count += 1
    stdout.write(f"  {count} examples of good practice")
