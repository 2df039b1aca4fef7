"""The shared vocabularies: the ten audit themes, target groups, methods and the 17 SDGs."""

from django.db import migrations

# The ten themes of the sustainable-development audits (Metodika hodnocení udržitelného
# rozvoje municipalit a regionů, 2017, after the Aalborg Commitments).
TOPICS = [
    ("sprava-a-uzemni-rozvoj", "Správa věcí veřejných a územní rozvoj",
     "Public administration and spatial development"),
    ("zivotni-prostredi", "Životní prostředí", "Environment"),
    ("spotreba-a-vyroba", "Udržitelná spotřeba a výroba", "Sustainable consumption and production"),
    ("doprava", "Doprava", "Transport"),
    ("zdravi", "Zdraví", "Health"),
    ("ekonomika-a-podnikani", "Místní ekonomika a podnikání", "Local economy and business"),
    ("vzdelavani-a-vychova", "Vzdělávání a výchova", "Education and upbringing"),
    ("kultura-a-volny-cas", "Kultura a volný čas", "Culture and leisure"),
    ("socialni-prostredi", "Sociální prostředí", "Social environment"),
    ("globalni-odpovednost", "Globální odpovědnost", "Global responsibility"),
]

TARGET_GROUPS = [
    ("mladi-lide", "Mladí lidé", "Young people"),
    ("deti", "Děti", "Children"),
    ("seniori", "Senioři", "Seniors"),
    ("zeny", "Ženy", "Women"),
    ("lide-se-zdravotnim-postizenim", "Lidé se zdravotním postižením", "People with disabilities"),
    ("socialne-vyloucene-osoby", "Sociálně vyloučené osoby", "Socially excluded people"),
    ("rodiny", "Rodiny s dětmi", "Families"),
    ("sirsi-verejnost", "Široká veřejnost", "The general public"),
    ("urednici-a-politici", "Úředníci a politici", "Officers and politicians"),
    ("neziskove-organizace", "Neziskové organizace", "Non-profit organisations"),
]

METHODS = [
    ("participativni-rozpocet", "Participativní rozpočet", "Participatory budgeting"),
    ("pocitove-mapy", "Pocitové mapy", "Feeling maps"),
    ("verejne-forum", "Veřejné fórum", "Public forum"),
    ("kulaty-stul", "Kulatý stůl", "Round table"),
    ("planovaci-setkani", "Plánovací setkání", "Planning meeting"),
    ("anketa", "Anketa a průzkum", "Survey"),
    ("workshop", "Workshop", "Workshop"),
    ("tvorba-vize-komunity", "Tvorba vize komunity", "Community vision making"),
    ("kampan", "Osvětová kampaň", "Awareness campaign"),
    ("vzdelavani", "Vzdělávání a školení", "Training and education"),
    ("komunitni-projekt", "Komunitní projekt", "Community project"),
    ("online-participace", "Online participace", "Online participation"),
]

GOALS = [
    (1, "Konec chudoby", "No poverty"),
    (2, "Konec hladu", "Zero hunger"),
    (3, "Zdraví a kvalitní život", "Good health and well-being"),
    (4, "Kvalitní vzdělání", "Quality education"),
    (5, "Rovnost mužů a žen", "Gender equality"),
    (6, "Pitná voda, kanalizace", "Clean water and sanitation"),
    (7, "Dostupné a čisté energie", "Affordable and clean energy"),
    (8, "Důstojná práce a ekonomický růst", "Decent work and economic growth"),
    (9, "Průmysl, inovace a infrastruktura", "Industry, innovation and infrastructure"),
    (10, "Méně nerovností", "Reduced inequalities"),
    (11, "Udržitelná města a obce", "Sustainable cities and communities"),
    (12, "Odpovědná výroba a spotřeba", "Responsible consumption and production"),
    (13, "Klimatická opatření", "Climate action"),
    (14, "Život ve vodě", "Life below water"),
    (15, "Život na souši", "Life on land"),
    (16, "Mír, spravedlnost a silné instituce", "Peace, justice and strong institutions"),
    (17, "Partnerství ke splnění cílů", "Partnerships for the goals"),
]


def _terms(model, rows):
    for position, (slug, name_cs, name_en) in enumerate(rows, start=1):
        model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name_cs,
                "name_cs": name_cs,
                "name_en": name_en,
                "position": position,
            },
        )


def load(apps, schema_editor):
    _terms(apps.get_model("goodpractice", "Topic"), TOPICS)
    _terms(apps.get_model("goodpractice", "TargetGroup"), TARGET_GROUPS)
    _terms(apps.get_model("goodpractice", "Method"), METHODS)
    Goal = apps.get_model("goodpractice", "Goal")
    for number, name_cs, name_en in GOALS:
        Goal.objects.update_or_create(
            number=number,
            defaults={
                "slug": f"cil-{number}",
                "name": name_cs,
                "name_cs": name_cs,
                "name_en": name_en,
                "position": number,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("goodpractice", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
