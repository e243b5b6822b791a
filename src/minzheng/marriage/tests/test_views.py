"""The staff pages and the public verification page: a registrar books, registers from the appointment,
prints the certificate and anyone verifies it by its address; the register is closed to everyone but the
office's registrars and the city manager, and every read is audited."""

import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for, personas_create
from minzheng.marriage import services
from minzheng.marriage.models import Appointment, Registration
from minzheng.marriage.tests.given import man, registry_offices, woman

pytestmark = pytest.mark.django_db


def test_a_registrar_registers_a_booked_couple_prints_the_certificate_and_the_public_verifies_it():
    reg = registry_offices()
    today = timezone.localdate()
    husband, wife = man("王建国"), woman("李秀英")
    clerk = client_for(reg.clerk)
    # given the couple booked today through the page
    response = clerk.post("/marriage/appointments/new/", {
        "office": reg.xiuying.pk, "day": today.isoformat(), "kind": "marriage", "party": "mainland",
        "man": husband.pk, "woman": wife.pk, "phone": "13800000000",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    appt = Appointment.objects.get()
    # when the registrar opens it from today's list and registers without ticking the confirmations: refused
    assert "王建国" in clerk.get("/marriage/appointments/").content.decode()
    page = clerk.post(f"/marriage/appointments/{appt.pk}/", {"on": today.isoformat()}).content.decode()
    assert "亲自到婚姻登记机关" in page and not Registration.objects.exists()
    # then with both present and the documents checked: registered, J-numbered
    response = clerk.post(f"/marriage/appointments/{appt.pk}/", {
        "on": today.isoformat(), "both_present": "on", "documents_checked": "on",
    })  # fmt: skip
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/marriage/{registration.pk}/"
    assert registration.number == f"J460105-{today.year}-000001"
    # and the certificate PDF carries its verification address
    pdf = clerk.get(f"/marriage/{registration.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    # and anyone, without logging in, verifies it: number, date, office, masked names — no ID number
    public = Client().get(f"/marriage/verify/{registration.token}/")
    html = public.content.decode()
    assert public.status_code == 200 and registration.number in html and "王＊＊" in html and "李＊＊" in html
    assert "王建国" not in html and husband.id_number not in html and husband.id_number[-4:] not in html
    assert Client().get("/marriage/verify/not-a-token/").status_code == 404
    # and the reads were audited
    assert AuditEntry.objects.filter(action="view", object_type="marriage.appointment").exists()
    assert AuditEntry.objects.filter(
        action="view", detail__contains=f"打印证书婚姻登记{registration.number}"
    ).exists()


def test_the_register_is_closed_to_other_offices_and_roles_and_every_read_is_audited():
    reg = registry_offices()
    personas = personas_create()
    registration = services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=man(), woman=woman(),
                                              on=timezone.localdate() - timedelta(days=1), both_present=True,
                                              documents_checked=True)  # fmt: skip
    url = f"/marriage/{registration.pk}/"
    assert client_for(reg.clerk).get(url).status_code == 200
    assert client_for(reg.other_clerk).get(url).status_code == 404  # another office's registrar
    assert client_for(personas.city).get(url).status_code == 200  # the city manager reads all
    refused = client_for(personas.district).get("/marriage/?q=王建国")
    assert refused.status_code == 403 and "查阅婚姻登记档案" in refused.content.decode()
    # the city manager may read but not print (the certificate is the office's act)
    assert client_for(personas.city).get(f"{url}certificate.pdf").status_code == 403
    # a search is audited with its term (masked if it is an ID number)
    client_for(reg.clerk).get("/marriage/", {"q": "王建国"})
    assert AuditEntry.objects.filter(action="view", detail__contains="检索婚姻登记档案“王建国”").exists()
    assert AuditEntry.objects.filter(action="view", object_id=str(registration.pk)).count() == 2


def test_the_register_exports_to_xlsx_with_masked_ids_and_the_export_is_audited():
    reg = registry_offices()
    husband = man()
    services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=husband, woman=woman(),
                               on=timezone.localdate(), both_present=True, documents_checked=True)  # fmt: skip
    response = client_for(reg.clerk).get("/marriage/export.xlsx")
    body = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["证书字号", "登记类别", "登记日期"] and rows[1][0].startswith("J460105-")
    assert husband.id_number not in str(rows) and husband.name in str(rows)
    assert AuditEntry.objects.filter(action="export", object_type="marriage.registration").exists()


def test_a_divorce_is_accepted_withdrawn_on_the_page_and_the_home_panel_lists_todays_work():
    reg = registry_offices()
    today = timezone.localdate()
    marriage = services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=man(), woman=woman(),
                                          on=today - timedelta(days=400), both_present=True,
                                          documents_checked=True)  # fmt: skip
    clerk = client_for(reg.clerk)
    response = clerk.post("/marriage/divorces/new/", {
        "office": reg.xiuying.pk, "number": marriage.number.lower(), "received_on": today.isoformat(),
        "both_present": "on", "agreement_checked": "on",
    })  # fmt: skip
    assert response.status_code == 302
    app = marriage.divorce_applications.get()
    page = clerk.get(f"/marriage/divorces/{app.pk}/").content.decode()
    assert "撤回" in page and 'data-testid="divorce-register-form"' not in page  # still in the cooling-off
    clerk.post(f"/marriage/divorces/{app.pk}/withdraw/", {"by": "M", "on": today.isoformat()})
    app.refresh_from_db()
    assert app.status == "withdrawn"
    # the registrar's home page counts today's appointments
    services.appointment_book(
        actor=reg.clerk, office=reg.xiuying, day=today, man=man("赵"), woman=woman("钱")
    )
    home = clerk.get("/").content.decode()
    assert 'data-testid="marriage-home"' in home and 'data-testid="marriage-today">1<' in home


def test_the_city_manager_sets_an_offices_daily_capacity_and_a_registrar_may_not():
    reg = registry_offices()
    personas = personas_create()
    page = client_for(personas.city).get("/marriage/offices/").content.decode()
    assert "海口市民政局婚姻登记处" in page and "hunyin_xy" in page
    client_for(personas.city).post("/marriage/offices/", {"office": reg.xiuying.pk, "daily_capacity": "12"})
    reg.xiuying.refresh_from_db()
    assert reg.xiuying.daily_capacity == 12
    assert client_for(reg.clerk).get("/marriage/offices/").status_code == 403


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="需要 zbar-tools 的 zbarimg 和 poppler-utils 的 pdftoppm",
)
def test_the_certificates_qr_code_decodes_to_its_verification_address(tmp_path):
    reg = registry_offices()
    registration = services.marriage_register(actor=reg.clerk, office=reg.xiuying, man=man(), woman=woman(),
                                              on=timezone.localdate(), both_present=True,
                                              documents_checked=True)  # fmt: skip
    pdf = client_for(reg.clerk).get(f"/marriage/{registration.pk}/certificate.pdf").content
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "c.pdf"),
                    str(tmp_path / "p")], check=True)  # fmt: skip
    # the code is on the first page (one page: a certificate)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(next(tmp_path.glob("p*.png")))],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == f"http://testserver/marriage/verify/{registration.token}/"
