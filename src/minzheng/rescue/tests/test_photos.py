"""The rescued person's photo (体貌特征 and photo for the 寻亲公告 and 全国寻亲, 民发〔2015〕158号) is shown only to a user
who sees the stay, each look audited, never through a public media URL: the intake page shows a thumbnail from the
scoped view; a user of another district gets 404, like a stay that does not exist."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.rescue.tests.given import other_staff, registered, staff, station, unidentified

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00demo-face"


def _with_photo():  # noqa: ANN202
    actor = staff()
    photo = SimpleUploadedFile("face.jpg", JPEG, content_type="image/jpeg")
    return actor, unidentified(actor, station(), photo=photo)


def test_the_station_sees_the_photo_on_the_intake_page_and_each_look_is_audited(personas) -> None:
    # given an unidentified person registered with a photo
    actor, intake = _with_photo()
    client = client_for(actor)
    # when the station's staff open the stay
    page = client.get(f"/rescue/{intake.pk}/").content.decode()
    # then the page shows the thumbnail from the scoped view, not from /media/
    assert f'src="/rescue/{intake.pk}/photo/"' in page and 'data-testid="photo-thumb"' in page
    assert "/media/" not in page
    response = client.get(f"/rescue/{intake.pk}/photo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action="view", object_type="rescue.rescuee", object_id=str(intake.rescuee.pk),
                                     detail__contains="照片").count() == 1  # fmt: skip
    # the district office above the station sees it too
    assert client_for(personas.district).get(f"/rescue/{intake.pk}/photo/").status_code == 200


def test_a_user_out_of_scope_gets_404_and_a_stay_without_a_photo_has_none(personas) -> None:
    actor, intake = _with_photo()
    # another district's station and office: the same 404 as a stay that does not exist, nothing audited
    for outsider in (other_staff(), personas.other_district):
        response = client_for(outsider).get(f"/rescue/{intake.pk}/photo/")
        assert response.status_code == 404
    assert not AuditEntry.objects.filter(object_type="rescue.rescuee", detail__contains="照片").exists()
    assert client_for(actor).get("/rescue/999999/photo/").status_code == 404
    # a grid worker holds no rescue capability: refused, naming it
    refused = client_for(personas.grid_a).get(f"/rescue/{intake.pk}/photo/")
    assert refused.status_code == 403 and "查阅流浪乞讨人员救助记录" in refused.content.decode()
    # a stay without a photo shows no thumbnail and has no photo to serve
    plain = registered(actor, station(), id_number="", name="李某", description="女，约160厘米", age=40)
    assert 'data-testid="photo-thumb"' not in client_for(actor).get(f"/rescue/{plain.pk}/").content.decode()
    assert client_for(actor).get(f"/rescue/{plain.pk}/photo/").status_code == 404
