"""The certificate as PDF (WeasyPrint, Debian's ``fonts-noto-cjk`` embedded, as ``reports/pdf.py`` renders the
annual report) and its public verification address.

The certificate carries the address of its verification page (``/marriage/verify/<token>/``) as a QR code
(``core.qr``: SVG, embedded in the PDF) and as text beside it: the token is random (``models.verify_token``),
so the address proves nothing by itself and guesses find nothing.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from minzheng.core.qr import qr_data_uri
from minzheng.marriage.models import Registration
from minzheng.marriage.selectors import reissues_of


def verify_url(registration: Registration) -> str:
    return reverse("marriage:verify", args=[registration.token])


def certificate_html(registration: Registration, *, verify: str) -> str:
    reissues = reissues_of(registration=registration)
    return render_to_string(
        "marriage/certificate_print.html",
        {
            "reg": registration,
            "verify": verify,
            "qr": qr_data_uri(verify, size_mm=32),
            "reissue": reissues[-1] if reissues else None,
        },
    )


def certificate_pdf(registration: Registration, *, verify: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads pango, which pages never need

    return HTML(string=certificate_html(registration, verify=verify)).write_pdf()
