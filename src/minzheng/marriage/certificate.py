"""The certificate as PDF (WeasyPrint, Debian's ``fonts-noto-cjk`` embedded, as ``reports/pdf.py`` renders the
annual report) and its public verification address.

The certificate carries the address of its verification page (``/marriage/verify/<token>/``): the token is
random (``models.verify_token``), so the address proves nothing by itself and guesses find nothing. No QR code
library is installed in the platform's locked dependencies (segno, qrcode: neither), so the address is printed
as text under the heading 扫码或输入网址核验; a QR image goes in the same place once one is added.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from minzheng.marriage.models import Registration
from minzheng.marriage.selectors import reissues_of


def verify_url(registration: Registration) -> str:
    return reverse("marriage:verify", args=[registration.token])


def certificate_html(registration: Registration, *, verify: str) -> str:
    reissues = reissues_of(registration=registration)
    return render_to_string(
        "marriage/certificate_print.html",
        {"reg": registration, "verify": verify, "reissue": reissues[-1] if reissues else None},
    )


def certificate_pdf(registration: Registration, *, verify: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads pango, which pages never need

    return HTML(string=certificate_html(registration, verify=verify)).write_pdf()
