"""The city's scans in S3-compatible object storage (CITY_SCANS_BACKEND=s3), against a real S3-speaking
server on 127.0.0.1 (moto's server mode: the S3 REST API over HTTP, as MinIO or Ceph would answer)."""

from __future__ import annotations

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from tests.sync.conftest import MINH_CHAU, free_port
from tests.sync.helpers import enroll, open_desk, receive, statuses
from tests.sync.scan_helpers import attach, city_file, desk_scans, scan_city, scan_pdf

BUCKET = "motcua-scans"
KEYS = {"scans_s3_access_key": "testing-key", "scans_s3_secret_key": "testing-secret"}


@pytest.fixture
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    requests.post(f"{endpoint}/moto-api/reset", timeout=10)  # moto keeps its buckets per process: start empty
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing-key",
                 aws_secret_access_key="testing-secret").create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def _bucket(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing-key",
                        aws_secret_access_key="testing-secret")


def test_scans_kept_in_object_storage_once_byte_identical_and_checked_on_read(db_url, s3_endpoint, seeded_template,
                                                                               tmp_path):
    city = scan_city(db_url, tmp_path, scans_backend="s3", scans_s3_bucket=BUCKET, scans_s3_endpoint=s3_endpoint,
                     scans_s3_prefix="hanoi/", **KEYS)
    try:
        desks = [open_desk(seeded_template, tmp_path, f"d{i}", MINH_CHAU, i + 1) for i in range(2)]
        clients = [enroll(desk, city, MINH_CHAU) for desk in desks]
        codes = [receive(desk, 1, start=i) for i, desk in enumerate(desks)]
        data = scan_pdf(400_000, pages=2, seed=4)
        sha = attach(desks[0], codes[0][0], data, pages=2)
        attach(desks[1], codes[1][0], data, pages=2)  # the same file at the other desk
        assert clients[0].sync_once().scans.sent == 1
        assert clients[1].sync_once().scans.bytes_sent == 0
        listed = _bucket(s3_endpoint).list_objects_v2(Bucket=BUCKET)["Contents"]
        assert [o["Key"] for o in listed] == [f"hanoi/{sha}"]
        assert _bucket(s3_endpoint).get_object(Bucket=BUCKET, Key=f"hanoi/{sha}")["Body"].read() == data
        assert city_file(city, sha) == data
        assert not list((city.settings.scan_folder() / ".partial").glob("*"))  # nothing left staged
        # A new desk of the point opens it: fetched from the bucket through the city.
        newcomer = open_desk(seeded_template, tmp_path, "new", MINH_CHAU, 3)
        fresh = enroll(newcomer, city, MINH_CHAU)
        fresh.sync_once()
        dossier_id = desks[0].dossiers.get_by_code(codes[0][0]).dossier_id
        assert fresh.open_scan(dossier_id, sha) == data and desk_scans(newcomer).get(sha) == data
        # An object altered in the bucket is never served as the scan.
        _bucket(s3_endpoint).put_object(Bucket=BUCKET, Key=f"hanoi/{sha}", Body=data[:-1] + b"\x00")
        got = requests.get(f"{city.base_url}/v1/dossiers/{dossier_id}/scans/{sha}",
                           headers={"Authorization": f"Bearer {clients[0].state().token}"}, timeout=10)
        assert got.status_code == 503 and got.json()["code"] == "scan_damaged"
        assert dossier_id in statuses(newcomer)
    finally:
        city.stop()
        city.db.close()


def test_the_s3_backend_without_a_bucket_is_refused_at_start():
    from pydantic import ValidationError

    from sync.server.settings import ServerSettings

    with pytest.raises(ValidationError, match="CITY_SCANS_S3_BUCKET"):
        ServerSettings(db="x.sqlite3", scans_backend="s3")


def test_a_usb_outbox_file_puts_its_scans_into_the_bucket_once(db_url, s3_endpoint, seeded_template, tmp_path):
    """Sneakernet with scans (issue 13) on S3: the import puts each named scan as one object, a second import
    puts nothing, and the desk's next round is answered "have it"."""
    from sync.server.outbox_import import import_outbox
    from sync.server.scans.staging import Staging
    from sync.server.scans.store import open_store
    from sync.sneakernet import export_outbox

    city = scan_city(db_url, tmp_path, scans_backend="s3", scans_s3_bucket=BUCKET, scans_s3_endpoint=s3_endpoint,
                     scans_s3_prefix="hanoi/", **KEYS)
    try:
        desk = open_desk(seeded_template, tmp_path, "d0", MINH_CHAU, 1)
        client = enroll(desk, city, MINH_CHAU)
        files = {}
        for i, code in enumerate(receive(desk, 2)):
            data = scan_pdf(120_000, seed=30 + i)
            files[attach(desk, code, data)] = data
        stick = tmp_path / "d0.outbox"
        assert export_outbox(desk.store, stick).scans == 2
        store, staging = open_store(city.settings), Staging(city.settings.scan_folder() / ".partial")
        for expected in (2, 0):
            with stick.open("rb") as src:
                assert import_outbox(city.db, src, store, staging).scans["stored"] == expected
        listed = _bucket(s3_endpoint).list_objects_v2(Bucket=BUCKET)["Contents"]
        assert sorted(o["Key"] for o in listed) == sorted(f"hanoi/{sha}" for sha in files)
        assert all(city_file(city, sha) == data for sha, data in files.items())
        assert not list((city.settings.scan_folder() / ".import").glob("*"))
        report = client.sync_once()
        assert report.scans.offered == 2 and report.scans.bytes_sent == 0
        desk.close()
    finally:
        city.stop()
        city.db.close()
