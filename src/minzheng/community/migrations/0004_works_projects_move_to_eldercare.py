"""Works projects of elderly-care institutions move to eldercare (issue 17 item 3), rows kept: the check constraints
take eldercare's names, the two tables are renamed in place (ALTER TABLE … RENAME on SQLite and PostgreSQL, so ids,
foreign keys and rows stay as they are), then community forgets the models — eldercare's
0002_works_projects_from_community takes them into its state without touching the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_power_lists_and_awards"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="worksproject", name="community_works_progress_max_100"),
        migrations.RemoveConstraint(model_name="worksproject", name="community_works_budget_positive"),
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
        migrations.AlterModelTable(name="worksproject", table="eldercare_worksproject"),
        migrations.AlterModelTable(name="worksreport", table="eldercare_worksreport"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="WorksReport"),
                migrations.DeleteModel(name="WorksProject"),
            ],
        ),
    ]
