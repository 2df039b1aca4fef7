from django.db import migrations

SLUG = "fondy-ehp-a-norska"
# The official Czech slogan of the EEA and Norway Grants 2014–2021 (the English one was there).
SLOGAN = "Společně pro zelenou, konkurenceschopnou a inkluzivní Evropu."


def add_czech_slogan(apps, schema_editor):
    Funder = apps.get_model("projects", "Funder")
    for funder in Funder.objects.filter(slug=SLUG):
        text = funder.acknowledgement_cs.strip()
        if SLOGAN not in text:
            funder.acknowledgement_cs = f"{text} {SLOGAN}".strip()
            funder.save(update_fields=["acknowledgement_cs"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_project_publication")]

    operations = [migrations.RunPython(add_czech_slogan, migrations.RunPython.noop)]
