"""The data scope: one mechanism, applied to pages, API and exports alike."""

import io

import pytest
from python_calamine import CalamineWorkbook

from minzheng.core.models import Region
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.core.testing import GRID_A, GRID_B, OTHER_DISTRICT, TOWN, client_for


@pytest.mark.django_db
def test_grid_worker_sees_only_its_grid(personas):
    visible = set(Region.objects.visible_to(personas.grid_a).values_list("code", flat=True))
    assert visible == {GRID_A}


@pytest.mark.django_db
def test_district_sees_its_subtree_only(personas):
    codes = Region.objects.visible_to(personas.district).values_list("code", flat=True)
    assert all(code.startswith("460105") for code in codes)
    assert OTHER_DISTRICT not in codes and len(codes) > 50


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.visible_to(AnonymousUser()).exists()
    personas.city.is_active = False
    assert not Region.objects.visible_to(personas.city).exists()


@pytest.mark.django_db
def test_access_scoped_does_not_tell_missing_from_forbidden(personas):
    grid_b = Region.objects.get(code=GRID_B)
    with pytest.raises(OutOfScopeError, match="不在您的管辖范围内"):
        access_scoped(personas.grid_a, Region, grid_b.pk)
    assert access_scoped(personas.grid_b, Region, grid_b.pk) == grid_b


@pytest.mark.django_db
def test_pages_are_scoped(personas):
    grid_a = client_for(personas.grid_a)
    assert grid_a.get(f"/regions/{GRID_A}/").status_code == 200
    assert grid_a.get(f"/regions/{GRID_B}/").status_code == 404
    assert grid_a.get(f"/regions/{TOWN}/").status_code == 404
    district = client_for(personas.district)
    assert district.get(f"/regions/{TOWN}/").status_code == 200
    assert district.get(f"/regions/{OTHER_DISTRICT}/").status_code == 404


@pytest.mark.django_db
def test_api_is_scoped(personas):
    grid_a = client_for(personas.grid_a)
    assert grid_a.get(f"/api/v1/regions/{GRID_A}").json()["name"] == "秀华社区第1网格"
    assert grid_a.get(f"/api/v1/regions/{GRID_B}").status_code == 404
    district = client_for(personas.district)
    assert district.get(f"/api/v1/regions/{OTHER_DISTRICT}/children").status_code == 404
    children = district.get("/api/v1/regions/460105/children").json()
    assert {c["code"][:6] for c in children} == {"460105"}


@pytest.mark.django_db
def test_exports_are_scoped_and_audited(personas):
    from minzheng.core.models import AuditEntry

    district = client_for(personas.district)
    assert district.get(f"/regions/{OTHER_DISTRICT}/export.xlsx").status_code == 404
    response = district.get("/regions/460105/export.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    codes = [str(r[0]) for r in rows.to_python()[1:]]
    assert codes and all(c.startswith("460105") for c in codes)
    assert AuditEntry.objects.filter(action="export", actor=personas.district).exists()
    # a grid worker has no export right at all
    assert client_for(personas.grid_a).get(f"/regions/{GRID_A}/export.xlsx").status_code == 403


def test_every_region_owned_model_declares_its_scope():
    """A model with a foreign key to Region must say how it is scoped (or be the tree itself)."""
    from django.apps import apps

    missing = []
    for model in apps.get_models():
        if model._meta.app_label in {"auth", "admin", "contenttypes", "sessions", "django_tasks_db"}:
            continue
        has_region_fk = any(getattr(f, "related_model", None) is Region for f in model._meta.fields)
        if (
            has_region_fk
            and getattr(model, "scope_region_field", None) is None
            and model._meta.label != "core.User"
        ):
            missing.append(model._meta.label)
    assert missing == []
