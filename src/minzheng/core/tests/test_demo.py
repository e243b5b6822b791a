"""``minzheng demo``: a login per role plus what the full flows need, and every login finds work.

These run the whole demo setup (migrate is a no-op here; the seed steps at scale 0.01 and the demo
logins), so they span every installed app by nature. The crawl of every page every demo login is shown
(core/tests/crawler.py) reads the same demo: it is set up once for the three tests."""

import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from minzheng.core.demo import DEMO_PASSWORD, demo_logins, demo_users_create
from minzheng.core.models import AuditEntry, Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import client_for
from minzheng.core.tests import crawler

# one worker runs the three tests (pyproject: --dist loadscope), so the demo is set up once for them. The quick
# start runs the demo on SQLite: CI runs this module on SQLite too, where it leaves the other slow tests to
# PostgreSQL (.ci/run)
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.quickstart]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:  # noqa: ANN001
    """The demo set up once for this module, inside a transaction rolled back after its last test: each
    test runs in a savepoint of it (as Django's setUpTestData does), so no test sees another's changes
    and no other module sees the demo."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--no-serve", "--scale", crawler.SCALE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _demo(demo_output: str) -> tuple[dict[str, User], str]:
    names = [login.username for login in demo_logins()]
    users = User.objects.filter(username__in=names).select_related("region")
    return {u.username: u for u in users}, demo_output


def _work_count(html: str) -> int:
    found = re.search(r'data-testid="work-count">(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_every_demo_login_has_work_on_its_home_page_and_setup_is_repeatable(demo_output):
    from minzheng.assistance.selectors import reviews_due
    from minzheng.grid.models import Event

    # given the demo set up at small scale
    users, out = _demo(demo_output)
    # then every role has a login, printed with the password; two at the city, one per district
    assert {u.role for u in users.values()} == set(Role.values)
    assert DEMO_PASSWORD in out and all(name in out for name in users)
    assert sorted(u.username for u in users.values() if u.role == Role.CITY_MANAGER) == ["shiju", "shiju2"]
    reviewed = {u.region.code for u in users.values() if u.role == Role.DISTRICT_REVIEWER}
    assert reviewed == set(Region.objects.filter(level="district").values_list("code", flat=True))
    assert users["quju_longhua"].region.name == "龙华区" and users["wangge"].region.level == "grid"
    # and each login's home page shows something to do
    for name, user in users.items():
        html = client_for(user).get("/").content.decode()
        if user.role in (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER):
            assert 'data-testid="assistance-home"' in html, name
            assert reviews_due(user=user).exists(), name  # 30天内到期的复核
        elif user.role == Role.AUDITOR:
            assert "校验审计链完整性" in html and AuditEntry.objects.exists()
        elif user.role == Role.SYSADMIN:
            assert "账号管理" in html
        else:
            assert _work_count(html) > 0, name
    # the institution operator acts for institutions and a unit of its district; grid workers are on the roster
    jigou = users["jigou"]
    assert jigou.eldercare_institutions.count() >= 2 and jigou.grid_departments.count() == 1
    assert all(users[n].grid_worker.assignments.exists() for n in ("wangge", "wangge2"))
    # and setting the logins up again (``minzheng demo`` on an existing database) duplicates nothing
    events, institutions = Event.objects.count(), jigou.eldercare_institutions.count()
    demo_users_create()
    assert Event.objects.count() == events and jigou.grid_departments.count() == 1
    assert jigou.eldercare_institutions.count() == institutions


def test_a_demo_payroll_run_is_reviewed_by_every_district_and_approved_by_shiju2(demo_output):
    from minzheng.benefits.errors import BenefitsError
    from minzheng.benefits.models import PayrollRun
    from minzheng.benefits.services import (
        payroll_run_approve,
        payroll_run_compute,
        payroll_run_create,
        payroll_run_review,
    )
    from minzheng.benefits.services.payroll import run_districts

    users, _ = _demo(demo_output)
    reviewers = {u.region_id: u for u in users.values() if u.role == Role.DISTRICT_REVIEWER}
    # given shiju makes and computes the first month after the demo's paid 2020 history
    run = payroll_run_create(actor=users["shiju"], program="dibao_rural", month=date(2021, 1, 1))
    payroll_run_compute(actor=users["shiju"], run=run)
    districts = run_districts(run)
    assert len(districts) == 4
    # when every district's demo reviewer signs off its own lines
    for district in districts:
        payroll_run_review(actor=reviewers[district.pk], run=run, comment="已复核")
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.REVIEWED
    # then the maker may not approve it, and shiju2 does
    with pytest.raises(BenefitsError, match="制表人"):
        payroll_run_approve(actor=users["shiju"], run=run)
    run = payroll_run_approve(actor=users["shiju2"], run=run)
    assert run.status == PayrollRun.Status.APPROVED and run.approved_by == users["shiju2"]


def test_every_link_a_demo_login_sees_works_and_speaks_a_clerks_language(demo_output):
    """The crawl of the staff site (core/tests/crawler.py) as every demo login."""
    # given the demo at small scale
    codes, labels = crawler._choice_codes(), crawler._model_labels()
    names = [login.username for login in demo_logins()]
    users = list(User.objects.filter(username__in=names).select_related("region"))
    # every login of the README is there
    assert {u.username for u in users} >= set(crawler.README_LOGINS)
    # when every login follows every link it is shown
    problems: list[str] = []
    read: dict[str, int] = {}
    for user in users:
        found, read[user.username] = crawler._crawl(user, codes, labels)
        problems += found
    # then nothing is refused, missing or broken, and no page shows internal notation
    assert not problems, "\n".join(problems)
    # and each login read more than its home page
    assert all(n > 3 for n in read.values()), read
