"""A marriage from the appointment to the certificate and its verification, in a real browser: the registrar
finds today's appointment on the home page, registers it with the two confirmations, prints the certificate
(PDF) and the verification address it carries opens, without a login, the public page with masked names."""

import pytest
from django.utils import timezone

from minzheng.core.testing import browser_login
from minzheng.marriage import services
from minzheng.marriage.models import Registration
from minzheng.marriage.tests.given import man, registry_offices, woman

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_registrar_takes_an_appointment_to_a_verified_certificate(page):
    reg = registry_offices()
    today = timezone.localdate()
    husband, wife = man("王建国"), woman("李秀英")
    services.appointment_book(actor=reg.clerk, office=reg.xiuying, day=today, man=husband, woman=wife)
    # the registrar logs in and finds today's appointment on the home page
    browser_login(page, reg.clerk.username)
    page.wait_for_selector("[data-testid=marriage-home]")
    assert page.inner_text("[data-testid=marriage-today]") == "1"
    page.click("[data-testid=marriage-home] >> text=王建国")
    # registering without the confirmations is refused, naming the rule
    with page.expect_navigation():
        page.click("[data-testid=register-form] button[type=submit]")
    assert "亲自到婚姻登记机关" in page.inner_text("[data-testid=register-form]")
    page.check("#id_both_present")
    page.check("#id_documents_checked")
    page.click("[data-testid=register-form] button[type=submit]")
    page.wait_for_selector("[data-testid=number]")
    number = page.inner_text("[data-testid=number]")
    assert number == f"J460105-{today.year}-000001"
    # the certificate is a PDF
    pdf = page.request.get(page.base_url + page.get_attribute("[data-testid=certificate]", "href"))
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    # and its verification address opens the public page once logged out
    verify = page.inner_text("[data-testid=verify-url]")
    assert verify.endswith(f"/marriage/verify/{Registration.objects.get().token}/")
    page.click("text=退出")
    page.goto(verify)
    assert page.inner_text("[data-testid=verified-number]") == number
    shown = page.inner_text("[data-testid=verified]")
    assert (
        "王＊＊" in shown and "李＊＊" in shown and "王建国" not in shown and husband.id_number not in shown
    )
