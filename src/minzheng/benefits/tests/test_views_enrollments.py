"""The enrollment page and the person-page panel: scoped, masked, audited."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from minzheng.benefits import services
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.registry.panels import person_panels


def test_the_enrollment_page_shows_history_to_those_in_scope(personas):
    enrollment = given.enrolled(name="欧阳娜娜", amount_fen=61_000)
    services.enrollment_change_amount(
        actor=None, enrollment=enrollment, from_month=date(2021, 5, 1), amount_fen=65_000, reason="标准调整"
    )
    url = reverse("benefits:enrollment_detail", args=[enrollment.pk])
    page = client_for(personas.grid_a).get(url).content.decode()
    assert "欧**娜" in page and "欧阳娜娜" not in page
    assert "650.00 元" in page and "标准调整" in page and enrollment.bank_account not in page
    assert AuditEntry.objects.filter(
        action="view", object_type="benefits.enrollment", object_id=str(enrollment.pk)
    ).exists()
    assert client_for(personas.grid_b).get(url).status_code == 404


def test_the_person_panel_is_registered_and_scoped(personas):
    enrollment = given.enrolled(name="周八")
    panel = next(p for p in person_panels() if p.template == "benefits/_person_panel.html")
    assert panel.context(personas.grid_a, enrollment.person)["enrollments"][0].pk == enrollment.pk
    assert panel.context(personas.grid_b, enrollment.person)["enrollments"] == []
