"""The six programs of social assistance (issue 4). Data only; re-runnable (update_or_create)."""

from django.db import migrations

PROGRAMS = [
    # code, name, unit, periodic
    ("dibao_urban", "城市低保", "household", True),
    ("dibao_rural", "农村低保", "household", True),
    ("tekun", "特困人员供养", "person", True),
    ("temporary", "临时救助", "household", False),
    ("low_income", "低收入家庭专项救助", "household", False),
    ("price_subsidy", "价格临时补贴", "person", True),
]


def programs_create(apps, schema_editor):
    Program = apps.get_model("benefits", "Program")
    for code, name, unit, periodic in PROGRAMS:
        Program.objects.update_or_create(
            code=code, defaults={"name": name, "unit": unit, "periodic": periodic}
        )


def programs_remove(apps, schema_editor):
    Program = apps.get_model("benefits", "Program")
    Program.objects.filter(
        code__in=[p[0] for p in PROGRAMS], enrollments__isnull=True, runs__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(programs_create, programs_remove)]
