import members.models
from django.db import migrations, models


def fill_missing_ico(apps, schema_editor):
    """Rows from before the IČO existed get a placeholder with a valid check digit (staff fix
    them in the admin); a fresh database has none."""
    Member = apps.get_model("members", "Member")
    for number, member in enumerate(Member.objects.filter(ico__isnull=True), start=9_900_000):
        digits = f"{number:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1))) % 11
        check = {0: 1, 1: 0, 10: 1}.get(remainder, 11 - remainder)
        member.ico = f"{digits}{check}"
        member.save(update_fields=["ico"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_profile_people_ratings")]

    operations = [
        migrations.RunPython(fill_missing_ico, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="member",
            name="ico",
            field=models.CharField(
                help_text="Company identification number: eight digits.",
                max_length=8,
                unique=True,
                validators=[members.models.validate_ico],
                verbose_name="IČO",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmember",
            name="ico",
            field=models.CharField(
                db_index=True,
                help_text="Company identification number: eight digits.",
                max_length=8,
                validators=[members.models.validate_ico],
                verbose_name="IČO",
            ),
        ),
    ]
