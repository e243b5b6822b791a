"""In "good rows" mode the import looks each row up in the registry once, not twice.

Online, every chunk of good rows is re-checked against the registry inside its write transaction (someone may
have registered the person since the check); the check itself looked the same rows up before, so every row
cost two joins against a table of millions. The re-check is now the one lookup; all or nothing (which decides
before writing) and a first load (written without a re-check) still look up at the check.
"""

import pytest

from minzheng.registry.importing import persons as persons_module
from minzheng.registry.importing.testing import citizen_id, errors_of, person_row, run_import, write_csv
from minzheng.registry.models import ImportBatch, Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def lookups(monkeypatch):
    """Every registry lookup of the import, by who asked for it: the check or the write's re-check."""
    seen: list[str] = []
    real_registered = persons_module.PersonImporter._registered
    real_recheck = persons_module.PersonImporter.recheck_range
    in_recheck = [False]

    def registered(self, first, last, **kw):
        seen.append("recheck" if in_recheck[0] else "check")
        return real_registered(self, first, last, **kw)

    def recheck(self, first, last):
        in_recheck[0] = True
        try:
            return real_recheck(self, first, last)
        finally:
            in_recheck[0] = False

    monkeypatch.setattr(persons_module.PersonImporter, "_registered", registered)
    monkeypatch.setattr(persons_module.PersonImporter, "recheck_range", recheck)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)  # PostgreSQL: ranges of two rows
    return seen


def _file(personas, tmp_path):
    """Rows 2–4 and 6 good, row 5 repeating row 2's ID, row 7 王五 already registered, row 8 another's ID
    given to 赵六 and a house that does not exist (two errors on one row)."""
    given.person(personas.community, name="王五", seq=31)
    given.person(personas.community, name="钱七", seq=33)
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in (11, 13, 15, 17)]
    rows.insert(3, person_row(**{"身份证号码": citizen_id(11), "姓名": "重复"}))
    rows.append(person_row(**{"身份证号码": citizen_id(31), "姓名": "王五"}))
    rows.append(
        person_row(**{"身份证号码": citizen_id(33), "姓名": "赵六", "房屋编号": "H-NONE", "网格代码": ""})
    )
    return write_csv(tmp_path / "p.csv", rows)


def test_good_rows_are_looked_up_in_the_registry_once(personas, tmp_path, lookups):
    # given a file of good rows, a repeat, a registered person and a row with two errors
    path = _file(personas, tmp_path)
    # when it is imported keeping the good rows
    batch = run_import(personas.community, path, mode="good")
    # then the registry was looked up only by the writes' re-checks, never also by the check
    assert lookups and set(lookups) == {"recheck"}
    # and the issues are those the double lookup found: every reason of every bad row
    assert batch.status == ImportBatch.Status.COMMITTED and batch.rows_written == 4
    found = [(row, field, reason[:8]) for row, field, reason in errors_of(batch)]
    assert (5, "身份证号码", "身份证号码与第2") in found
    assert (7, "身份证号码", "该人员已登记（王") in found
    assert {f for r, f, _ in found if r == 8} == {"身份证号码", "房屋编号"}
    assert Person.objects.count() == 6


def test_all_or_nothing_still_looks_up_at_the_check(personas, tmp_path, lookups):
    # given the same file, when it is imported all or nothing
    batch = run_import(personas.community, _file(personas, tmp_path), mode="all")
    # then the check looked the rows up (the decision comes before any write) and nothing was written
    assert "check" in lookups and "recheck" not in lookups
    assert batch.status == ImportBatch.Status.REJECTED and Person.objects.count() == 2
