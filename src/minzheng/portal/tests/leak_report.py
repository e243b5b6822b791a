"""Leak seeds of 随手拍 and 12349 help: a report (with a photo) whose category keeps its description off the public
page, and a help request, each carrying the marker in what the owner's own pages show."""

from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.grid.categories import categories_load
from minzheng.grid.tests.given import POINT_A, png
from minzheng.portal.models import Citizen
from minzheng.portal.services_report import report_file
from minzheng.portal.testing import leak_seed_register


@leak_seed_register
def report_seed(citizen: Citizen, marker: str) -> None:
    categories_load()
    photo = SimpleUploadedFile("scene.png", png(), content_type="image/png")
    report_file(
        citizen=citizen, kind="report", category_code="7101", description=f"楼上漏水协商不成（{marker}）",
        lat=POINT_A[0], long=POINT_A[1], photos=[photo],
    )  # fmt: skip


@leak_seed_register
def help_seed(citizen: Citizen, marker: str) -> None:
    categories_load()
    report_file(
        citizen=citizen, kind="help", category_code="7202", description=f"独居老人需要探访（{marker}）",
        address="秀华路8号",
    )  # fmt: skip
