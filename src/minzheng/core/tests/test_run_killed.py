"""core.testing.run_killed, the kill -9 of the seed tests: the killed step's session ends with it, whatever
connection objects the test process held when it forked."""

from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from minzheng.core.models import User
from minzheng.core.testing import run_killed, session_ended_wait

pg_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a forked process: PostgreSQL")


def _reached() -> None:
    """Where the step below is killed."""


@pg_only
@pytest.mark.django_db(transaction=True)
def test_a_killed_step_leaves_no_session_even_from_a_connection_the_parent_left_open(
    personas, monkeypatch, tmp_path
):
    # given a test process with an open connection that its close_all() does not reach (as with connection
    # objects of other threads and contexts in a process that has run many tests)
    connection.ensure_connection()
    parent = connection.connection.info.backend_pid
    monkeypatch.setattr(connections, "close_all", lambda: None)
    seen: Path = tmp_path / "backend"

    def step() -> None:  # locks a row, then is killed inside its transaction
        with transaction.atomic():
            User.objects.select_for_update().get(pk=personas.city.pk)
            seen.write_text(str(connection.connection.info.backend_pid))
            _reached()

    # when the step is killed
    assert run_killed(step, target=f"{__name__}._reached", nth=1)
    # then it ran in a session of its own, which ended with it (its lock gone: the row can be locked at once)
    child = int(seen.read_text())
    assert child != parent
    assert session_ended_wait(child)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
        assert User.objects.select_for_update().get(pk=personas.city.pk).pk == personas.city.pk
    # and the test process's own session is untouched
    assert connection.connection.info.backend_pid == parent
