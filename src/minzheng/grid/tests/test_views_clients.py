"""Issuing Open311 API keys: shown once, stored hashed, switched off by the city."""

import pytest
from django.test import Client
from django.urls import reverse

from minzheng.core.testing import client_for
from minzheng.grid.models import Open311Client
from minzheng.grid.services.clients import api_key_hash

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_stored_hashed_and_can_be_switched_off(personas):
    city = client_for(personas.city)
    response = city.post(reverse("grid:client_list"), {"name": "12345热线", "source": "hotline"})
    key = response.context["new_key"]
    client = Open311Client.objects.get()
    assert client.key_hash == api_key_hash(key) and key not in str(client.__dict__)
    assert key not in city.get(reverse("grid:client_list")).content.decode()
    city.post(reverse("grid:client_toggle", args=[client.pk]))
    client.refresh_from_db()
    assert not client.active
    answer = Client().post("/open311/v2/requests.json", {"api_key": key, "service_code": "0102"})
    assert answer.status_code == 403


def test_only_the_city_and_the_administrator_issue_keys(personas):
    assert client_for(personas.district).get(reverse("grid:client_list")).status_code == 403
    assert client_for(personas.admin).get(reverse("grid:client_list")).status_code == 200
