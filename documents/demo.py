"""Demo documents: the Norwegian study visit's presentations and PART-NET's methodology of
feeling maps and its participation handbook (facts from DOMAIN.md, texts in our own words),
as PDFs generated with WeasyPrint and read like any upload.

Runs after events and projects (INSTALLED_APPS order). Idempotent: documents by slug; a PDF
is generated only for a document without a stored file.
"""

import functools

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from documents import services
from documents.models import Document
from events.models import Event
from goodpractice.models import Topic
from members.models import Member
from network_portal.demo import set_links
from projects.models import Project

VISIT = "studijni-navsteva-z-norska-2022"

DOCUMENTS = [
    {
        "slug": "prezentace-dame-na-vas-brno",
        "title_cs": "Participativní rozpočet „Dáme na vás“ v Brně",
        "title_en": "Brno's participatory budget “Dáme na vás”",
        "description_cs": "Prezentace kanceláře Zdravého města Brna pro norské partnery: jak "
        "občané navrhují a vybírají projekty, na které město vyhradí část rozpočtu.",
        "description_en": "The Brno Healthy City office's presentation for the Norwegian "
        "partners: how residents propose and choose the projects the city sets money aside for.",
        "kind": Document.Kind.PRESENTATION,
        "year": 2022,
        "language": Document.Language.CZECH,
        "event": VISIT,
        "members": ["brno"],
        "topics": ["sprava-a-uzemni-rozvoj"],
        "position": 1,
        "pages": [
            (
                "Dáme na vás",
                "Participativní rozpočet města Brna. Každý rok mohou obyvatelé "
                "navrhnout, co by ve svém okolí zlepšili, a hlasováním rozhodnout, které návrhy "
                "město uskuteční.",
            ),
            (
                "Jak to probíhá",
                "Návrhy podávají jednotlivci i spolky. Odborníci úřadu posoudí "
                "proveditelnost a náklady, poté hlasuje veřejnost. Vítězné projekty – hřiště, "
                "zahrady, lavičky, komunitní akce – se realizují do dvou let.",
            ),
            (
                "Co jsme se naučili",
                "Zapojení roste, když město ukazuje hotové projekty a "
                "pomáhá navrhovatelům s rozpočtem. Důležitá je srozumitelná komunikace.",
            ),
        ],
    },
    {
        "slug": "prezentace-sdilene-bydleni-senioru-brno",
        "title_cs": "Sdílené bydlení seniorů v Brně",
        "title_en": "Shared housing for seniors in Brno",
        "description_cs": "Jak Brno podporuje společné bydlení starších lidí a jejich "
        "sousedskou výpomoc.",
        "description_en": "How Brno supports older people living together and helping their "
        "neighbours.",
        "kind": Document.Kind.PRESENTATION,
        "year": 2022,
        "language": Document.Language.CZECH,
        "event": VISIT,
        "members": ["brno"],
        "topics": ["socialni-prostredi"],
        "position": 2,
        "pages": [
            (
                "Sdílené bydlení",
                "Senioři, kteří nechtějí žít sami, sdílejí byt se společnou "
                "kuchyní a obývacím pokojem. Každý má svůj pokoj a soukromí.",
            ),
            (
                "Podpora města",
                "Město pomáhá najít vhodné byty a nabízí sociální pracovníky, "
                "kteří s obyvateli řeší každodenní starosti i sousedské vztahy.",
            ),
        ],
    },
    {
        "slug": "presentation-sunne-kommuner-citizen-engagement",
        "title_cs": "Sunne Kommuner: zapojování občanů v Norsku",
        "title_en": "Sunne Kommuner: citizen engagement in Norway",
        "description_cs": "Prezentace norské sítě zdravých měst z národního semináře v Praze "
        "(v angličtině).",
        "description_en": "The Norwegian Healthy Cities Network's presentation at the national "
        "seminar in Prague.",
        "kind": Document.Kind.PRESENTATION,
        "year": 2022,
        "language": Document.Language.ENGLISH,
        "event": VISIT,
        "topics": ["sprava-a-uzemni-rozvoj"],
        "position": 3,
        "pages": [
            (
                "Sunne Kommuner",
                "The Norwegian Healthy Cities Network brings together "
                "municipalities and counties that plan for health and well-being.",
            ),
            (
                "Engaging citizens",
                "Municipalities such as Asker and Kristiansand invite "
                "residents to planning workshops, walks and youth councils, and report back what "
                "changed because of their ideas.",
            ),
        ],
    },
    {
        "slug": "metodika-pocitove-mapy",
        "title_cs": "Pocitové mapy: metodika pro obce",
        "title_en": "Feeling maps: a methodology for municipalities",
        "description_cs": "Krok za krokem: jak připravit pocitovou mapu, oslovit obyvatele, "
        "vyhodnotit výsledky a využít je v plánování města.",
        "description_en": "Step by step: preparing a feeling map, reaching residents, "
        "evaluating the answers and using them in the town's planning.",
        "kind": Document.Kind.METHODOLOGY,
        "year": 2023,
        "language": Document.Language.CZECH,
        "project": "part-net",
        "members": ["chrudim"],
        "topics": ["sprava-a-uzemni-rozvoj", "zdravi"],
        "position": 1,
        "pages": [
            (
                "Co je pocitová mapa",
                "Obyvatelé na mapě označují místa, kde se cítí dobře, "
                "a místa, kterým se vyhýbají nebo kde se bojí. Mapování je jednoduché a zvládnou "
                "ho lidé všech věkových skupin.",
            ),
            (
                "Příprava",
                "Určete území a otázky, zvolte papírovou nebo on-line podobu a "
                "domluvte se s partnery, kteří pomohou oslovit skupiny, jež se obvykle "
                "nezapojují – například ženy, mladé lidi nebo seniory.",
            ),
            (
                "Vyhodnocení",
                "Odpovědi shrňte do přehledných map a výsledky zveřejněte. "
                "Zjištění projednejte na veřejném fóru a promítněte do plánu zlepšování.",
            ),
        ],
    },
    {
        "slug": "prirucka-zapojovani-verejnosti-part-net",
        "title_cs": "Zapojování lidí, kteří se obvykle neozývají",
        "title_en": "Reaching people who seldom take part",
        "description_cs": "Příručka projektu PART-NET se zkušenostmi partnerských měst "
        "s kulatými stoly, plánovacími setkáními a fóry.",
        "description_en": "The PART-NET handbook with the partner towns' experience of round "
        "tables, planning meetings and forums.",
        "kind": Document.Kind.PUBLICATION,
        "year": 2024,
        "language": Document.Language.CZECH,
        "project": "part-net",
        "members": ["chrudim", "litomerice", "prachatice", "valasske-mezirici"],
        "topics": ["socialni-prostredi"],
        "position": 2,
        "pages": [
            (
                "Proč oslovovat nové skupiny",
                "Na veřejná projednání chodí stále titíž lidé. "
                "Partnerská města projektu se zaměřila na ženy, mladé lidi, lidi s postižením, "
                "seniory a sociálně vyloučené.",
            ),
            (
                "Co fungovalo",
                "Kulaté stoly v místech, kam lidé běžně chodí, spolupráce se "
                "školami a neziskovými organizacemi a vzdělávání úředníků a politiků.",
            ),
        ],
    },
]


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"The demo documents load nothing: {url!r}.")


def _weasyprint_html():
    """WeasyPrint's ``HTML``; importing it sets Pillow's ``LOAD_TRUNCATED_IMAGES``, which
    the upload checks rely on being off (as in ``events.certificates``): put it back."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


@functools.cache  # the same bytes for each load in one process (the tests load it often)
def _pdf(title: str, pages: tuple) -> bytes:
    body = "".join(
        f"<section><h2>{escape(heading)}</h2><p>{escape(text)}</p></section>"
        for heading, text in pages
    )
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 12pt; }"
        "h1 { color: #2362a2; } section { break-before: page; }"
        f"</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return _weasyprint_html()(string=html, url_fetcher=_no_fetching).write_pdf()


def load(stdout) -> None:
    count = 0
    for spec in DOCUMENTS:
        spec = dict(spec)
        pages = spec.pop("pages")
        members = spec.pop("members", [])
        topics = spec.pop("topics", [])
        event = Event.objects.filter(slug=spec.pop("event", None)).first()
        project = Project.objects.filter(slug=spec.pop("project", None)).first()
        document, _created = Document.objects.update_or_create(
            slug=spec.pop("slug"),
            defaults={**spec, "event": event, "project": project, "status": "published"},
        )
        if not document.file or not default_storage.exists(document.file.name):
            data = _pdf(document.title_cs, tuple(pages))
            upload = SimpleUploadedFile(f"{document.slug}.pdf", data, "application/pdf")
            services.document_file_store(document=document, upload=upload)
            document.save()
        services.document_text_extract(document_id=document.pk)
        set_links(
            document,
            members=Member.objects.filter(slug__in=members),
            topics=Topic.objects.filter(slug__in=topics),
        )
        count += 1
    stdout.write(f"  {count} documents (presentations of the Norwegian visit, PART-NET's)\n")
