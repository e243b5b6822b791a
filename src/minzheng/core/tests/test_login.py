import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.core.testing import PASSWORD


def _login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_good_login_is_audited_with_address(personas):
    client = Client(REMOTE_ADDR="192.0.2.7")
    response = _login(client, "grid_a", PASSWORD)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="login").latest("seq")
    assert entry.actor == personas.grid_a and entry.ip == "192.0.2.7"


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account(personas):
    client = Client()
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        response = _login(client, "grid_a", "wrong-password")
        assert response.status_code == 200
    personas.grid_a.refresh_from_db()
    assert personas.grid_a.locked_until > timezone.now()
    # then even the right password is refused, with a clear message
    response = _login(client, "grid_a", PASSWORD)
    assert response.status_code == 200
    assert "已被锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action="locked", object_repr="grid_a").count() == 1
    assert AuditEntry.objects.filter(action="login_failed").count() >= settings.LOGIN_MAX_FAILURES


@pytest.mark.django_db
def test_four_wrong_passwords_then_success_resets_the_count(personas):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _login(client, "grid_a", "wrong-password")
    assert _login(client, "grid_a", PASSWORD).status_code == 302
    personas.grid_a.refresh_from_db()
    assert personas.grid_a.failed_logins == 0 and personas.grid_a.locked_until is None


@pytest.mark.django_db
def test_expired_lock_lets_the_user_back_in(personas):
    personas.grid_a.locked_until = timezone.now() - timezone.timedelta(minutes=1)
    personas.grid_a.failed_logins = 5
    personas.grid_a.save()
    assert _login(Client(), "grid_a", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_unknown_user_gets_the_same_message(db):
    response = _login(Client(), "nobody", "whatever")
    assert "用户名或密码错误" in response.content.decode()


def test_password_policy():
    with pytest.raises(ValidationError, match="至少3类"):
        validate_password("alllowercaseletters")
    with pytest.raises(ValidationError):
        validate_password("Ab1!")  # too short
    validate_password("Haikou-2020-minzheng")


def test_idle_session_timeout_defaults():
    assert "minzheng.core.middleware.SessionIdleMiddleware" in settings.MIDDLEWARE  # renews the expiry
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60


@pytest.mark.django_db
def test_pages_need_a_login(client):
    response = client.get("/regions/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_idle_session_expires_on_the_server(personas):
    from django.contrib.sessions.models import Session

    client = Client()
    assert _login(client, "grid_a", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # each request pushes the expiry SESSION_IDLE_MINUTES ahead
    remaining = session.expire_date - timezone.now()
    assert timezone.timedelta(minutes=29) < remaining <= timezone.timedelta(minutes=30)
    # when the user stays idle past the limit
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    # then the next request is sent back to the login page
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_the_login_page_does_not_tell_whether_a_username_exists(personas):
    """The lockout message appears after the same number of wrong tries for a username with no account, so
    an attacker cannot enumerate accounts by watching for it."""

    def messages_for(username: str) -> list[str]:
        client = Client()
        pages = [
            _login(client, username, "wrong-password").content.decode()
            for _ in range(settings.LOGIN_MAX_FAILURES + 1)
        ]
        return ["已被锁定" in page for page in pages]

    assert messages_for("grid_a") == messages_for("nobody_here")
    assert messages_for("nobody_here_either")[-1] is True
