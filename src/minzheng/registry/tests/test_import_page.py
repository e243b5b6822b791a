"""The import pages: upload, the job, the batch page, the report and the templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry, Job
from minzheng.core.testing import client_for
from minzheng.registry.importing.testing import PERSON_HEADERS, citizen_id, person_row, write_csv
from minzheng.registry.models import ImportBatch, Person


def _upload(client, path, *, kind="persons", mode="good"):
    with path.open("rb") as fh:
        upload = SimpleUploadedFile(path.name, fh.read(), content_type="text/csv")
    return client.post("/registry/import/", {"kind": kind, "mode": mode, "file": upload})


@pytest.mark.django_db(transaction=True)
def test_an_upload_runs_as_a_job_and_the_batch_page_shows_the_outcome(personas, tmp_path):
    # given a community worker uploading a file with one bad row
    client = client_for(personas.community)
    rows = [person_row(), person_row(**{"身份证号码": citizen_id(13), "出生日期": "1991-01-01"})]
    response = _upload(client, write_csv(tmp_path / "人员.csv", rows))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registry/import/batches/{batch.pk}/"
    assert batch.status == ImportBatch.Status.PENDING and batch.job.status == Job.Status.QUEUED
    assert batch.stored_file.endswith(".csv") and "/imports/" in batch.stored_file
    page = client.get(f"/registry/import/batches/{batch.pk}/").content.decode()
    assert "hx-get" in page  # the page follows the job
    # when the worker runs the job
    call_command("worker", batch=True)
    # then the good row is in, and the page lists the bad one with row, field and reason
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.job.status == Job.Status.SUCCEEDED
    assert Person.objects.count() == 1
    page = client.get(f"/registry/import/batches/{batch.pk}/").content.decode()
    assert "hx-get" not in page and "下载错误报告（XLSX）" in page
    assert "第3行" in page and "出生日期1991-01-01与身份证号码（1990-01-01）不符" in page
    # and the report downloads as XLSX, audited
    response = client.get(f"/registry/import/batches/{batch.pk}/report.xlsx")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][:2] == [3, "出生日期"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_id=str(batch.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_file_fails_its_job_and_the_page_says_why(personas, tmp_path):
    client = client_for(personas.community)
    header = ["身份证", *PERSON_HEADERS[1:]]
    _upload(client, write_csv(tmp_path / "p.csv", [person_row()], header=header))
    call_command("worker", batch=True)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED and batch.job.status == Job.Status.FAILED
    page = client.get(f"/registry/import/batches/{batch.pk}/").content.decode()
    assert "缺少必填列" in page and "第1行" in page


@pytest.mark.django_db
def test_a_batch_is_not_found_for_someone_outside_it(personas, tmp_path):
    _upload(client_for(personas.grid_a), write_csv(tmp_path / "p.csv", [person_row()]))
    batch = ImportBatch.objects.get()
    assert client_for(personas.grid_a).get(f"/registry/import/batches/{batch.pk}/").status_code == 200
    assert client_for(personas.grid_b).get(f"/registry/import/batches/{batch.pk}/").status_code == 404
    assert (
        client_for(personas.grid_b).get(f"/registry/import/batches/{batch.pk}/report.xlsx").status_code == 404
    )
    assert client_for(personas.district).get(f"/registry/import/batches/{batch.pk}/").status_code == 200


@pytest.mark.django_db
def test_roles_without_registry_editing_cannot_import(personas):
    assert client_for(personas.auditor).get("/registry/import/").status_code == 403


@pytest.mark.django_db
def test_too_large_or_wrong_kind_of_file_is_refused_on_the_form(personas, tmp_path, settings):
    client = client_for(personas.community)
    settings.REGISTRY_IMPORT_MAX_MB = 0.0001  # about 100 bytes
    response = _upload(client, write_csv(tmp_path / "p.csv", [person_row()] * 3))
    assert response.status_code == 200 and "文件过大" in response.content.decode()
    settings.REGISTRY_IMPORT_MAX_MB = 200
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG")
    response = _upload(client, picture)
    assert "只能导入CSV或XLSX文件" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["persons", "households", "houses"])
def test_templates_download_with_the_chinese_headers(personas, kind):
    client = client_for(personas.community)
    response = client.get(f"/registry/import/templates/{kind}.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    from minzheng.registry.importing.columns import COLUMNS

    assert rows[0] == [c.header for c in COLUMNS[kind]]
    assert len(rows) == 2  # and one example row
    csv_text = client.get(f"/registry/import/templates/{kind}.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(c.header for c in COLUMNS[kind])


@pytest.mark.django_db
def test_the_example_rows_of_the_templates_import_cleanly(personas, tmp_path):
    from minzheng.registry.importing.columns import COLUMNS
    from minzheng.registry.importing.testing import run_import

    for kind in ("houses", "persons", "households"):
        path = write_csv(
            tmp_path / f"{kind}.csv",
            [[c.example for c in COLUMNS[kind]]],
            header=[c.header for c in COLUMNS[kind]],
        )
        batch = run_import(personas.community, path, kind=kind)
        assert batch.status == ImportBatch.Status.COMMITTED, (
            kind,
            list(batch.issues.values_list("reason", flat=True)),
        )
