"""Finding likely duplicate people (疑似重复人员) for a worker to merge or dismiss.

Two kinds of pair are queued (``DuplicateCandidate.Reason``):

* **Same name and birth date, different households** (or one or both without a household). Found by a
  self-join of ``registry_person`` on ``(name, birth_date)`` — the ``person_name_birth_idx`` index —
  with the open memberships of both sides joined in.
* **ID numbers differing by one swap of two adjacent digits** (a keying error: 4601051990**12**…
  entered as 4601051990**21**…). Two *valid* numbers cannot differ only by such a swap among the first
  17 digits, because the GB 11643 check character (ISO 7064 MOD 11-2) detects every adjacent
  transposition; the swapped record got in because its check character was computed afterwards (a
  15-digit number keyed wrongly and converted, or a system that fills in the check character). So
  the test is: the first 17 digits differ by one adjacent swap, the check characters may differ, and the
  names are the same (without the name, sequence codes 123/132 of two real people born on the same day
  in the same district would be paired). A swap of positions 16 and 17 (the last digit and the check
  character) is included too.

  Comparing every pair of people is out of the question at 2.4 M, so the pairs are *blocked* by what a
  single swap leaves equal. A swap within the six-digit address code or within the sequence code and
  check character leaves the birth date equal, so the pair is already in the ``(name, birth_date)``
  self-join above. A swap touching the birth date (digits 6 and 7 up to 14 and 15, counting from 1)
  leaves the first five digits and digits 16–17 equal, so the second self-join is on ``(name,
  substr(id, 1, 5), substr(id, 16, 2))`` among people with different birth dates. Both joins run
  set-based in the database (index or hash joins); the pairs they return — few, since the name is part
  of both keys — are checked for the swap in Python, which also works out each pair's region.

A pair belongs to the lowest region that holds both people (their common ancestor in the region tree),
so only users whose scope covers both records see it and can merge it. Pairs already queued — open,
merged or dismissed — are never queued again (unique ``(person_a, person_b)``, ``person_a`` = lower id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django_tasks import task

from minzheng.core.audit import Action, acting_as, audit_append
from minzheng.core.jobs import job_progress, job_runner
from minzheng.core.models import Job, Region, User
from minzheng.core.roles import require
from minzheng.registry.models import DuplicateCandidate, Membership, Person

Reason = DuplicateCandidate.Reason


@dataclass(frozen=True)
class DetectResult:
    name_birth: int
    transposed_id: int

    @property
    def total(self) -> int:
        return self.name_birth + self.transposed_id


def transposition_at(a: str, b: str) -> int | None:
    """The 0-based position ``i`` if the first 17 characters of ``b`` are those of ``a`` with
    characters ``i`` and ``i + 1`` swapped (the check characters may differ), or if ``b`` is ``a``
    with its last digit and check character swapped; else None."""
    if len(a) != 18 or len(b) != 18:
        return None
    if a[:16] == b[:16] and a[16] != a[17] and (a[16], a[17]) == (b[17], b[16]):
        return 16
    diff = [i for i in range(17) if a[i] != b[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i = diff[0]
        if (a[i], a[i + 1]) == (b[i + 1], b[i]):
            return i
    return None


_PAIR_COLUMNS = """
    a.id, b.id, a.id_number, b.id_number, ra.path, rb.path, ma.household_id, mb.household_id
"""


def _pair_sql(join_on: str) -> str:
    person = Person._meta.db_table
    region = Region._meta.db_table
    membership = Membership._meta.db_table
    candidate = DuplicateCandidate._meta.db_table
    return f"""
        SELECT {_PAIR_COLUMNS}
        FROM {person} a
        JOIN {person} b ON {join_on} AND b.id > a.id
        JOIN {region} ra ON ra.id = a.region_id
        JOIN {region} rb ON rb.id = b.region_id
        LEFT JOIN {membership} ma ON ma.person_id = a.id AND ma.end_date IS NULL
        LEFT JOIN {membership} mb ON mb.person_id = b.id AND mb.end_date IS NULL
        WHERE a.status <> %s AND b.status <> %s
          AND NOT EXISTS (
              SELECT 1 FROM {candidate} d WHERE d.person_a_id = a.id AND d.person_b_id = b.id
          )
    """


_SAME_NAME_BIRTH = "b.name = a.name AND b.birth_date = a.birth_date"
_SAME_NAME_SWAPPED_DATE = (
    "b.name = a.name AND b.birth_date <> a.birth_date"
    " AND substr(b.id_number, 1, 5) = substr(a.id_number, 1, 5)"
    " AND substr(b.id_number, 16, 2) = substr(a.id_number, 16, 2)"
)


def _pairs(join_on: str) -> Iterator[tuple[Any, ...]]:
    merged = Person.Status.MERGED.value
    with connection.cursor() as cursor:
        cursor.execute(_pair_sql(join_on), [merged, merged])
        while rows := cursor.fetchmany(2000):
            yield from rows


def _common_path(a: str, b: str) -> str:
    parts_a, parts_b = a.strip("/").split("/"), b.strip("/").split("/")
    common = []
    for x, y in zip(parts_a, parts_b, strict=False):
        if x != y:
            break
        common.append(x)
    return "/" + "".join(f"{c}/" for c in common)


def _candidates(rows: Iterable[tuple[Any, ...]], *, blocked_by_birth: bool) -> Iterator[tuple[Any, ...]]:
    """(person_a, person_b, reason, region path) for the pairs worth queuing."""
    for a_id, b_id, a_number, b_number, a_path, b_path, a_household, b_household in rows:
        if transposition_at(a_number, b_number) is not None:
            reason = Reason.TRANSPOSED_ID
        elif blocked_by_birth and (a_household is None or b_household is None or a_household != b_household):
            reason = Reason.SAME_NAME_BIRTH
        else:
            continue
        yield a_id, b_id, reason, _common_path(a_path, b_path)


def duplicates_detect(*, progress: Callable[[int, str], None] | None = None) -> DetectResult:
    """Queue every new likely-duplicate pair; return how many of each kind were added."""
    found = [
        *_candidates(_pairs(_SAME_NAME_BIRTH), blocked_by_birth=True),
    ]
    if progress is not None:
        progress(1, f"同名同出生日期：{len(found)}对")
    found += _candidates(_pairs(_SAME_NAME_SWAPPED_DATE), blocked_by_birth=False)
    regions = dict(Region.objects.filter(path__in={c[3] for c in found}).values_list("path", "id"))
    DuplicateCandidate.objects.bulk_create(
        [
            DuplicateCandidate(person_a_id=a, person_b_id=b, reason=reason, region_id=regions[path])
            for a, b, reason, path in found
            if path in regions
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    result = DetectResult(
        name_birth=sum(1 for c in found if c[2] == Reason.SAME_NAME_BIRTH),
        transposed_id=sum(1 for c in found if c[2] == Reason.TRANSPOSED_ID),
    )
    audit_append(
        action=Action.BULK,
        object_type="registry.duplicatecandidate",
        object_repr="疑似重复人员检测",
        detail=(
            f"疑似重复人员检测：新增同名同出生日期{result.name_birth}对、"
            f"身份证号相邻两位颠倒{result.transposed_id}对"
        ),
    )
    if progress is not None:
        progress(2, f"新增疑似重复{result.total}对")
    return result


@task()
@job_runner
def duplicates_detect_task(job_id: int) -> dict[str, Any]:
    """The background run behind the 检测 button (a job with visible progress)."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    with acting_as(job.created_by):
        job_progress(job_id, done=0, total=2, message="正在比对同名同出生日期人员")
        result = duplicates_detect(
            progress=lambda done, msg: job_progress(job_id, done=done, total=2, message=msg)
        )
    return {"name_birth": result.name_birth, "transposed_id": result.transposed_id}


def duplicates_detect_start(*, user: User) -> Job:
    """Put a detection run on the job queue (capability ``registry.duplicates_detect``: it reads the whole
    registry, so 市局 and 区局 start it)."""
    from minzheng.core.jobs import job_enqueue

    require(user, "registry.duplicates_detect")
    return job_enqueue(
        task=duplicates_detect_task, kind="registry_duplicates", title="疑似重复人员检测", user=user
    )
