"""The 14 Czech regions (kraje) with their NUTS3 and ISO codes: reference data."""

from django.db import migrations

REGIONS = [
    ("CZ010", "CZ-10", "Hlavní město Praha", "Prague"),
    ("CZ020", "CZ-20", "Středočeský kraj", "Central Bohemian Region"),
    ("CZ031", "CZ-31", "Jihočeský kraj", "South Bohemian Region"),
    ("CZ032", "CZ-32", "Plzeňský kraj", "Plzeň Region"),
    ("CZ041", "CZ-41", "Karlovarský kraj", "Karlovy Vary Region"),
    ("CZ042", "CZ-42", "Ústecký kraj", "Ústí nad Labem Region"),
    ("CZ051", "CZ-51", "Liberecký kraj", "Liberec Region"),
    ("CZ052", "CZ-52", "Královéhradecký kraj", "Hradec Králové Region"),
    ("CZ053", "CZ-53", "Pardubický kraj", "Pardubice Region"),
    ("CZ063", "CZ-63", "Kraj Vysočina", "Vysočina Region"),
    ("CZ064", "CZ-64", "Jihomoravský kraj", "South Moravian Region"),
    ("CZ071", "CZ-71", "Olomoucký kraj", "Olomouc Region"),
    ("CZ072", "CZ-72", "Zlínský kraj", "Zlín Region"),
    ("CZ080", "CZ-80", "Moravskoslezský kraj", "Moravian-Silesian Region"),
]


def load_regions(apps, schema_editor):
    Region = apps.get_model("members", "Region")
    for nuts3, iso, name_cs, name_en in REGIONS:
        Region.objects.update_or_create(
            nuts3=nuts3,
            defaults={"iso": iso, "name": name_cs, "name_cs": name_cs, "name_en": name_en},
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
