"""Given-state for the charity tests: an organisation with the public-fundraising qualification and a campaign
filed through the real services; registry persons from assistance's helpers."""

from __future__ import annotations

from datetime import date

from minzheng.assistance.tests.given import person  # noqa: F401  (re-exported)
from minzheng.charity.models import Campaign, Organisation
from minzheng.charity.services import campaign_file, donation_receive, organisation_register
from minzheng.core.models import Region


def organisation(
    *, qualified: bool = True, name: str = "海口市慈善总会", prefix: str = "HKCS"
) -> Organisation:
    return organisation_register(
        actor=None, name=name, region=Region.objects.get(code="460100"), receipt_prefix=prefix,
        public_fundraising=qualified, qualification_number="海民慈募字〔2017〕1号" if qualified else "",
    )  # fmt: skip


def campaign(org: Organisation | None = None, *, number: str = "海民慈备〔2020〕1号") -> Campaign:
    return campaign_file(
        actor=None, organisation=org or organisation(), name="抗击疫情公开募捐", purpose="疫情防控物资与困难群众救助",
        filing_number=number, filed_on=date(2020, 1, 28), starts_on=date(2020, 1, 26), ends_on=date(2020, 12, 31),
        emergency=True, goal_fen=100_000_00,
    )  # fmt: skip


def money(c: Campaign, fen: int, *, day: date = date(2020, 2, 1), donor: str = "海南椰岛集团"):  # noqa: ANN201
    return donation_receive(actor=None, campaign=c, kind="money", donor_name=donor, donor_kind="organisation",
                            received_on=day, amount_fen=fen)  # fmt: skip
