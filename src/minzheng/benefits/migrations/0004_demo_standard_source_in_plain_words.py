"""The demo standards' source in a clerk's words (it pointed readers to the project's research notes,
"见 domain.md"); the values are unchanged and a source a user typed is left as it is."""

from django.db import migrations

OLD = "演示数据：海口2020/2021年标准未找到公开文件（见 domain.md）"
NEW = "演示数据：未找到海口2020/2021年标准的公开文件"


def forwards(apps, schema_editor):
    apps.get_model("benefits", "Standard").objects.filter(source=OLD).update(source=NEW)


def backwards(apps, schema_editor):
    apps.get_model("benefits", "Standard").objects.filter(source=NEW).update(source=OLD)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0003_eldercare_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
