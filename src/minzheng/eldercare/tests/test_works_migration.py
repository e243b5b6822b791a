"""The works projects' move from community to eldercare keeps every row: a project and its progress report written
under community's last schema are, after the migrations, eldercare's — same ids, values and link — and the check
constraints still hold under their new names."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from minzheng.assistance.tests.given import region
from minzheng.eldercare.models import Institution, WorksProject

BEFORE = [("community", "0003_power_lists_and_awards"), ("eldercare", "0001_eldercare_initial")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_project_and_its_report_written_in_community_are_eldercares_after_the_move(personas):
    # given a project and a report in community's tables (the schema before the move)
    home = Institution.objects.create(name="长流镇敬老院", kind="town_home", ownership="public",
                                      region=region("460105100"))  # fmt: skip
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    project = old.get_model("community", "WorksProject").objects.create(
        institution_id=home.pk, region_id=home.region_id, name="长流镇敬老院升级改造", budget_fen=80_000_000,
        spent_fen=40_000_000, progress=60, status="building", approved_on=date(2019, 11, 20),
        started_on=date(2020, 3, 20),
    )  # fmt: skip
    old.get_model("community", "WorksReport").objects.create(
        project_id=project.pk, on=date(2020, 3, 20), progress=60, spent_fen=40_000_000
    )
    # when the migrations run forward
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # then the rows are eldercare's, unchanged
    moved = WorksProject.objects.get()
    assert (moved.pk, moved.institution_id, moved.name, moved.budget_fen, moved.progress, moved.status) == (
        project.pk, home.pk, "长流镇敬老院升级改造", 80_000_000, 60, "building"
    )  # fmt: skip
    assert [(r.on, r.progress, r.spent_fen) for r in moved.reports.all()] == [
        (date(2020, 3, 20), 60, 40_000_000)
    ]
    assert "community_worksproject" not in connection.introspection.table_names()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorksProject.objects.filter(pk=moved.pk).update(progress=101)
