from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.core.testing import TOWN
from minzheng.portal import services_apply
from minzheng.portal.models import Citizen
from minzheng.portal.testing import leak_seed_register


@leak_seed_register
def apply_seed(citizen: Citizen, marker: str) -> None:
    """A submitted 临时救助 application whose document carries the marker, and a 低保 form in progress whose
    reason and member carry it."""
    submitted = services_apply.draft_start(citizen=citizen, kind="temporary_emergency")
    services_apply.draft_save(submitted, requested_fen=100000, town=TOWN, reason=marker)
    upload = SimpleUploadedFile(f"{marker}.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services_apply.document_add(submitted, kind="hukou", upload=upload)
    services_apply.draft_submit(citizen=citizen, key=submitted.key)
    draft = services_apply.draft_start(citizen=citizen, kind="dibao")
    services_apply.draft_save(draft, town=TOWN, reason=marker)
    services_apply.member_add(draft, name=f"成员{marker}", id_number="460105199001010010", relation="子女")
    services_apply.income_add(draft, who="self", income_type="wage", monthly_fen=50000)
