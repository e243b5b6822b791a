"""与户主关系 codes corrected to GB/T 4761-2008《家庭关系代码》.

The first codes were partly wrong: 户主 was 01 (本人 in the standard; 户主 is 02), 子女 shared 20
(20 is 子, 30 is 女), 孙子女 was 30 (the standard's 女) and 儿媳/女婿 was 40 (the standard's 孙子女;
女婿 is 28, 儿媳 38), 其他 was 99 (非亲属 in the standard). Existing memberships are recoded, using the
member's sex (from the citizen ID) where the standard tells son from daughter. Old 其他 becomes
97 其他亲属. One pass per code, in an order where no recoded row is recoded again.
"""

from django.db import migrations, models

RELATION_CHOICES = [
    ("02", "户主"),
    ("10", "配偶"),
    ("20", "子"),
    ("28", "女婿"),
    ("30", "女"),
    ("38", "儿媳"),
    ("40", "孙子、孙女或外孙子、外孙女"),
    ("50", "父母"),
    ("60", "祖父母或外祖父母"),
    ("70", "兄、弟、姐、妹"),
    ("97", "其他亲属"),
    ("99", "非亲属"),
]


def relations_recode(apps, schema_editor):
    memberships = apps.get_model("registry", "Membership").objects
    memberships.filter(relation="40", person__gender="M").update(relation="28")
    memberships.filter(relation="40").update(relation="38")
    memberships.filter(relation="30").update(relation="40")
    memberships.filter(relation="20", person__gender="F").update(relation="30")
    memberships.filter(relation="01").update(relation="02")
    memberships.filter(relation="99").update(relation="97")


def relations_recode_back(apps, schema_editor):
    memberships = apps.get_model("registry", "Membership").objects
    memberships.filter(relation__in=["97", "99"]).update(relation="99")
    memberships.filter(relation="02").update(relation="01")
    memberships.filter(relation="30").update(relation="20")
    memberships.filter(relation="40").update(relation="30")
    memberships.filter(relation__in=["28", "38"]).update(relation="40")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_person_search_composite_indexes"),
    ]

    operations = [
        migrations.RunPython(relations_recode, relations_recode_back, elidable=False),
        migrations.AlterField(
            model_name="membership",
            name="relation",
            field=models.CharField(choices=RELATION_CHOICES, max_length=2, verbose_name="与户主关系"),
        ),
    ]
