"""Every grid page opens for every role that may use it (and is refused, not broken, for the others),
on the demo data of the seed step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from minzheng.core.testing import client_for
from minzheng.grid.models import Campaign, CampaignGrid, Department, Event, GridWorker, MedicalObservation
from minzheng.grid.seed import grid_seed
from minzheng.grid.services import observation_start
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_every_page_opens_or_is_refused(personas):
    grid_seed(scale=0.01, random_seed=3)
    observation_start(
        actor=personas.grid_a,
        person=given.person(),
        place="居家",
        reason="返琼",
        starts_on=timezone.localdate(),
    )
    event = Event.objects.order_by("pk").first()
    campaign = Campaign.objects.first()
    urls = [
        reverse(name)
        for name in (
            "grid:home", "grid:event_list", "grid:event_new", "grid:department_tasks", "grid:load",
            "grid:grid_list", "grid:worker_list", "grid:department_list", "grid:category_list",
            "grid:campaign_list", "grid:observation_list", "grid:performance", "grid:weights", "grid:client_list",
        )
    ] + [
        reverse("grid:event_detail", args=[event.case_id]),
        reverse("grid:grid_detail", args=[event.case.region.code]),
        reverse("grid:worker_detail", args=[GridWorker.objects.first().pk]),
        reverse("grid:department_detail", args=[Department.objects.first().pk]),
        reverse("grid:campaign_detail", args=[campaign.pk]),
        reverse("grid:campaign_grid", args=[CampaignGrid.objects.first().pk]),
        reverse("grid:observation_detail", args=[MedicalObservation.objects.first().pk]),
        reverse("grid:performance") + "?level=worker",
        reverse("grid:event_list") + "?due_soon=1&category=01&state=reported&source=hotline",
    ]  # fmt: skip
    for user in (
        personas.grid_a,
        personas.town,
        personas.district,
        personas.city,
        personas.auditor,
        personas.admin,
    ):
        client = client_for(user)
        for url in urls:
            status = client.get(url).status_code
            assert status in (200, 403, 404), (user.username, url, status)
    city = client_for(personas.city)
    for url in urls:
        assert city.get(url).status_code in (200, 403), url  # the city sees everything it may open
