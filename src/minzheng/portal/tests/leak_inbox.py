from minzheng.portal.models import Citizen
from minzheng.portal.notify import notify
from minzheng.portal.testing import leak_seed_register


@leak_seed_register
def inbox_seed(citizen: Citizen, marker: str) -> None:
    notify(
        citizen,
        title=f"您的申请已受理（{marker}）",
        body=marker,
        url="/m/inbox/",
        key=f"leak:{marker}",
        sms=False,
    )
