"""The public Open311 feed's scope for the categories seeded by grid/categories.py (the same table as its
``PUBLIC_FEED``, copied here as it stands: a migration never imports the app). Categories in public places
show description and location; matters between private parties show only category and status; matters
about one person's circumstances (独居老人关爱, 困难群众求助, 新到人员登记) stay internal. Only categories still
at the schema's default ("internal") are changed, so a city's own choice is kept and a second run is a
no-op; going back leaves every category internal, the schema's default.
"""

from django.db import migrations

PUBLIC_FEED = {
    "full": [
        "0101", "0102", "0103", "0104", "0105", "0106", "0107", "0108",
        "0201", "0202", "0203", "0204",
        "0301", "0302", "0303", "0304", "0305",
        "0401", "0402", "0403", "0404", "0405", "0406", "0407",
        "0501", "0502", "0503", "0504", "0505", "0506",
    ],
    "description": ["7301", "7302"],
    "status": ["0507", "0601", "7101", "7102"],
}  # fmt: skip


def public_feed_set(apps, schema_editor):
    categories = apps.get_model("grid", "EventCategory").objects
    for policy, codes in PUBLIC_FEED.items():
        categories.filter(code__in=codes, public_feed="internal").update(public_feed=policy)


def public_feed_reset(apps, schema_editor):
    apps.get_model("grid", "EventCategory").objects.update(public_feed="internal")


class Migration(migrations.Migration):
    dependencies = [
        ("grid", "0002_eventcategory_public_feed"),
    ]

    operations = [
        migrations.RunPython(public_feed_set, public_feed_reset, elidable=False),
    ]
