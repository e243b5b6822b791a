"""Security headers on every response, HTTPS hardening when switched on, and the health probe."""

import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.test import Client


def test_every_page_forbids_inline_scripts_framing_and_foreign_referrers(db):
    response = Client().get("/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        "PATH": "/usr/bin:/bin",
        "MINZHENG_SECRET_KEY": "k" * 20 + "Zq9-Lm3_Xv8!Tb4@Rn7#Wc2$Hy6%Pd1^" * 2,
        "MINZHENG_ALLOWED_HOSTS": "minzheng.example.gov.cn",
    }
    import os

    base.update(
        {k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "MINZHENG_VAR_DIR", "DATABASE_URL")}
    )
    return subprocess.run(
        [sys.executable, "-m", "minzheng.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_the_production_environment_passes_check_deploy():
    result = _deploy_check({"MINZHENG_HTTPS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_without_https_check_deploy_names_what_is_missing():
    result = _deploy_check({})
    assert result.returncode != 0
    assert "W004" in result.stderr and "W008" in result.stderr


def test_healthz_answers_json_and_503_without_a_database(db, monkeypatch):
    client = Client()
    assert client.get("/healthz").json()["database"] == "ok"

    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
