"""Campaign and home-observation pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.models import Campaign, CampaignGrid, MedicalObservation, Visit
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def test_a_campaign_is_started_sent_to_grids_and_visited(personas):
    given.worker(personas.grid_a)
    household = given.household("A1", grid=GRID_A)
    today = timezone.localdate()
    town = client_for(personas.town)
    response = town.post(
        reverse("grid:campaign_list"),
        {
            "title": "新到人员排查",
            "kind": "newcomer",
            "starts_on": today - timedelta(days=1),
            "ends_on": today + timedelta(days=9),
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("grid:campaign_detail", args=[campaign.pk])
    town.post(reverse("grid:campaign_detail", args=[campaign.pk]), {"region": "460105001001"})
    row = CampaignGrid.objects.get(campaign=campaign, grid__code=GRID_A)
    assert row.households_target == 1
    page = client_for(personas.grid_a)
    assert campaign in page.get(reverse("grid:campaign_list")).context["campaigns"]
    page.post(
        reverse("grid:campaign_grid", args=[row.pk]),
        {"household": household.pk, "result": "met", "people_seen": 3, "newcomers": 1, "note": ""},
    )
    assert Visit.objects.get().newcomers == 1
    detail = town.get(reverse("grid:campaign_detail", args=[campaign.pk]))
    assert detail.context["visited"] == 1 and detail.context["by_worker"][0].visits == 1
    assert client_for(personas.grid_b).get(reverse("grid:campaign_grid", args=[row.pk])).status_code == 404


def test_an_observation_is_recorded_checked_in_and_ended(personas):
    person = given.person()
    page = client_for(personas.grid_a)
    today = timezone.localdate()
    page.post(
        reverse("grid:observation_list"),
        {"id_number": person.id_number, "place": "居家", "reason": "外省返琼", "starts_on": today},
    )
    observation = MedicalObservation.objects.get()
    page.post(
        reverse("grid:observation_detail", args=[observation.pk]), {"day": today, "temperature": "36.7"}
    )
    assert observation.checkins.count() == 1
    response = page.post(
        reverse("grid:observation_detail", args=[observation.pk]),
        {"day": today, "temperature": "36.7"},
        follow=True,
    )
    assert "已打卡" in response.content.decode()
    page.post(reverse("grid:observation_end", args=[observation.pk]), {"status": "ended", "ended_on": today})
    observation.refresh_from_db()
    assert observation.status == "ended"
    response = page.post(
        reverse("grid:observation_list"),
        {"id_number": "110105194912310021", "place": "居家", "reason": "x", "starts_on": today},
        follow=True,
    )
    assert "辖区内没有该身份证号码的人员" in response.content.decode()
    assert (
        client_for(personas.grid_b).get(reverse("grid:observation_detail", args=[observation.pk])).status_code
        == 404
    )
