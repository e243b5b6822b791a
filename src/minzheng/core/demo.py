"""Demo logins: one per role, each attached to the node of the tree that role works at, and what the full
flows need besides:

- two 市局 logins: a payroll run's maker may neither review nor approve it (maker-checker,
  ``benefits.services.payroll``), so ``shiju`` makes and computes and ``shiju2`` approves;
- a 区局 reviewer for every district: each district reviews (复核) its own lines of a run, and the run is
  reviewed once every district with lines has signed (``quju`` for the first district, ``quju_<pinyin>``
  for the others, e.g. ``quju_longhua``);
- the 机构经办人 ``jigou`` acts for institutions and units of its district: the domains that own those
  records attach it (``demo_attach_register``), since the spine imports no domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from pypinyin import lazy_pinyin

from minzheng.core.models import Region, User
from minzheng.core.roles import Role, role_can

DEMO_PASSWORD = "Minzheng@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    region: Region


@dataclass(frozen=True)
class DemoAttach:
    order: int
    label: str
    run: Callable[..., str]  # run(users={username: User}) -> one line of summary


_attachers: list[DemoAttach] = []


def demo_attach_register(*, order: int, label: str, run: Callable[..., str]) -> None:
    """A domain links the demo accounts to its own records (an institution's operators, a unit's
    accounts) after the seed steps have created them: ``run(users={username: User}) -> str``."""
    if all(a.label != label for a in _attachers):
        _attachers.append(DemoAttach(order, label, run))


def _first(level: str, under: str = "") -> Region:
    qs = Region.objects.filter(level=level)
    if under:
        qs = qs.filter(path__startswith=Region.objects.get(code=under).path)
    region = qs.order_by("code").first()
    if region is None:
        raise LookupError(f"区划表中没有层级为{level}的节点，请先加载区划")
    return region


def district_login_name(district: Region) -> str:
    """``quju_`` and the district's name in pinyin without 区/县: 龙华区 → ``quju_longhua``."""
    name = district.name.removesuffix("区").removesuffix("县") or district.name
    return "quju_" + "".join(lazy_pinyin(name)).lower()


def demo_logins() -> list[DemoLogin]:
    city = _first("city")
    district = _first("district")
    town = _first("town", district.code)
    community = _first("community", town.code)
    grid = _first("grid", community.code)
    others = list(Region.objects.filter(level="district").exclude(pk=district.pk).order_by("code"))
    other_grid = _first("grid", others[-1].code if others else district.code)
    reviewers = [DemoLogin("quju", Role.DISTRICT_REVIEWER, f"区局审核员（{district.name}）", district)]
    for other in others:
        username = district_login_name(other)
        if any(r.username == username for r in reviewers):
            username = f"quju_{other.code}"
        reviewers.append(DemoLogin(username, Role.DISTRICT_REVIEWER, f"区局审核员（{other.name}）", other))
    return [
        DemoLogin("shiju", Role.CITY_MANAGER, "市局管理员（制表）", city),
        DemoLogin("shiju2", Role.CITY_MANAGER, "市局管理员（审批）", city),
        *reviewers,
        DemoLogin("zhenjie", Role.TOWN_CASEWORKER, "镇街经办人", town),
        DemoLogin("shequ", Role.COMMUNITY_WORKER, "社区工作人员", community),
        DemoLogin("wangge", Role.GRID_WORKER, "网格员", grid),
        DemoLogin("wangge2", Role.GRID_WORKER, "网格员（另一区）", other_grid),
        DemoLogin("jigou", Role.INSTITUTION_OPERATOR, "机构经办人", district),
        DemoLogin("rexian", Role.HOTLINE_OPERATOR, "热线话务员", city),
        # a registrar of 龙华区's 婚姻登记处 (the marriage app attaches the account to its office)
        DemoLogin(
            "hunyin", Role.MARRIAGE_REGISTRAR, "婚姻登记员（龙华区）", others[0] if others else district
        ),
        DemoLogin("shenji", Role.AUDITOR, "审计员", city),
        DemoLogin("admin", Role.SYSADMIN, "系统管理员", city),
    ]


def demo_users_create(
    *, password: str = DEMO_PASSWORD, echo: Callable[[str], None] | None = None
) -> list[DemoLogin]:
    """Create (or reset) the demo logins, all with ``password``, then let the domains attach them to
    their records. Run after the seed steps; running it again changes nothing but the passwords and
    lockouts."""
    logins = demo_logins()
    hashed = make_password(password)  # one hash for one published demo password
    users: dict[str, User] = {}
    with transaction.atomic():
        for login in logins:
            users[login.username], _ = User.objects.update_or_create(
                username=login.username,
                defaults={
                    "role": login.role,
                    "region": login.region,
                    "display_name": login.display_name,
                    "password": hashed,
                    "is_active": True,
                    # the Django admin (系统管理) is for the holders of system.admin
                    "is_staff": role_can(login.role, "system.admin"),
                    "is_superuser": role_can(login.role, "system.admin"),
                    "failed_logins": 0,
                    "locked_until": None,
                },
            )
        for step in sorted(_attachers, key=lambda a: a.order):
            line = step.run(users=users)
            if echo is not None:
                echo(f"{step.label}：{line}")
    return logins
