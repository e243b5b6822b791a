import pytest

from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_each_role_gets_its_own_home(personas):
    auditor = client_for(personas.auditor).get("/").content.decode()
    assert "校验审计链完整性" in auditor and "账号管理" not in auditor
    admin = client_for(personas.admin).get("/").content.decode()
    assert "账号管理" in admin and "校验审计链完整性" not in admin
    grid = client_for(personas.grid_a).get("/").content.decode()
    assert "网格员工作台" in grid and "校验审计链" not in grid and "账号管理" not in grid


def test_admin_unlocks_a_locked_account(personas):
    from django.utils import timezone

    personas.grid_a.locked_until = timezone.now() + timezone.timedelta(minutes=30)
    personas.grid_a.failed_logins = 5
    personas.grid_a.save()
    response = client_for(personas.admin).post(
        "/admin/core/user/", {"action": "unlock", "_selected_action": [personas.grid_a.pk]}
    )
    assert response.status_code == 302
    personas.grid_a.refresh_from_db()
    assert personas.grid_a.locked_until is None and personas.grid_a.failed_logins == 0
