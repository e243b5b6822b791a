"""Works projects of institutions, moved from community with their rows: community's
0004_works_projects_move_to_eldercare renamed the tables (and the constraints) to eldercare's; this migration only
takes the models into eldercare's state (no SQL)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_user_role_marriage_registrar"),
        ("eldercare", "0001_eldercare_initial"),
        ("community", "0004_works_projects_move_to_eldercare"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorksProject",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="工程名称")),
                        ("scope_text", models.TextField(blank=True, verbose_name="改造内容")),
                        ("budget_fen", models.BigIntegerField(verbose_name="预算（分）")),
                        ("spent_fen", models.BigIntegerField(default=0, verbose_name="已支付（分）")),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(default=0, verbose_name="形象进度（%）"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("planned", "立项"), ("building", "施工中"), ("accepted", "已验收")],
                                default="planned",
                                max_length=10,
                                verbose_name="状态",
                            ),
                        ),
                        ("approved_on", models.DateField(verbose_name="立项日期")),
                        ("started_on", models.DateField(blank=True, null=True, verbose_name="开工日期")),
                        ("accepted_on", models.DateField(blank=True, null=True, verbose_name="验收日期")),
                        (
                            "acceptance_note",
                            models.CharField(blank=True, max_length=200, verbose_name="验收意见"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="登记人",
                            ),
                        ),
                        (
                            "institution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="eldercare.institution",
                                verbose_name="机构",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="core.region",
                                verbose_name="所在区划",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "机构改造工程",
                        "verbose_name_plural": "机构改造工程",
                        "ordering": ["-approved_on", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="WorksReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("on", models.DateField(verbose_name="日期")),
                        ("progress", models.PositiveSmallIntegerField(verbose_name="形象进度（%）")),
                        ("spent_fen", models.BigIntegerField(verbose_name="累计支付（分）")),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                        (
                            "by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="填报人",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="eldercare.worksproject",
                                verbose_name="工程",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "工程进度",
                        "verbose_name_plural": "工程进度",
                        "ordering": ["-on", "-id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="worksproject",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("progress__lte", 100)), name="eldercare_works_progress_max_100"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="worksproject",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("budget_fen__gt", 0)), name="eldercare_works_budget_positive"
                    ),
                ),
            ],
        ),
    ]
