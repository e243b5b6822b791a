import pytest

from minzheng.portal.sms import LocmemBackend


@pytest.fixture(autouse=True)
def portal_settings(settings):
    """Text messages into a list; the per-address request limit out of the way (its own test sets it)."""
    settings.SMS_BACKEND = "minzheng.portal.sms.LocmemBackend"
    settings.PORTAL_REQUESTS_PER_MINUTE = 100_000
    LocmemBackend.outbox.clear()
    yield settings
    LocmemBackend.outbox.clear()
