"""Shared media for more than one web host: uploads in an S3-compatible object store
(MEDIA_STORAGE=s3), here moto's S3 server on 127.0.0.1."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cms.test_import_attachments import pdf_with_text

ROOT = Path(__file__).resolve().parents[2]
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "S3_BUCKET": "policy-media",
    "S3_ACCESS_KEY_ID": "testing",
    "S3_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture
def s3_server():
    """moto's S3 server on a free port, with the bucket made; yields its address."""
    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=url, aws_access_key_id="testing", aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=S3_ENV["S3_BUCKET"])  # fmt: skip
    yield url
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """The settings' storage as MEDIA_STORAGE=s3 makes it, pointed at the server."""
    from policy_cms.settings.base import media_storage

    for key, value in {**S3_ENV, "S3_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
    return s3_server


@pytest.mark.once
def test_an_attachment_goes_to_the_object_store_and_is_served_from_it(
    s3_media, division, tmp_path, client
):
    import boto3

    from cms.importing.runs import import_file
    from cms.models import DocumentText, PolicyPage

    (tmp_path / "方案.pdf").write_bytes(pdf_with_text("Inspection plan S3STORE"))
    (tmp_path / "p.jsonl").write_text(
        json.dumps(
            {
                "title": "关于印发检查方案的通知",
                "doc_number": "测统〔2024〕8号",
                "agency": "测试市统计局",
                "division": "综合处",
                "issued_on": "2024-05-01",
                "attachments": [{"title": "检查方案", "path": "方案.pdf"}],
            },
            ensure_ascii=False,
        )
    )
    result, _resumed = import_file(tmp_path / "p.jsonl", publish=True)
    assert result.created == 1, result.errors

    policy = PolicyPage.objects.get(doc_number="测统〔2024〕8号")
    document = policy.attachments.get().document
    store = boto3.client(
        "s3", endpoint_url=s3_media, aws_access_key_id="testing",
        aws_secret_access_key="testing", region_name="us-east-1",
    )  # fmt: skip
    keys = [o["Key"] for o in store.list_objects_v2(Bucket="policy-media").get("Contents", [])]
    assert keys == [document.file.name]
    assert not (Path(os.environ.get("MEDIA_ROOT", "/nonexistent")) / document.file.name).exists()
    assert "S3STORE" in DocumentText.objects.get(document=document).text

    served = client.get(document.url)
    assert served.status_code == 302
    assert served["Location"].startswith(f"{s3_media}/policy-media/")
    assert "Signature=" in served["Location"] or "X-Amz-Signature=" in served["Location"]


def test_local_files_are_the_default():
    environment = {k: v for k, v in os.environ.items() if k != "MEDIA_STORAGE"}
    code = "from policy_cms.settings.base import media_storage; print(media_storage()['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "django.core.files.storage.FileSystemStorage"


@pytest.mark.once
def test_private_files_go_under_private_in_the_bucket_with_no_public_read(s3_server, monkeypatch):
    import boto3
    from django.core.files.base import ContentFile
    from storages.backends.s3 import S3Storage

    from policy_cms.settings.base import media_storage

    for key, value in {**S3_ENV, "S3_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(key, value)
    config = media_storage(private=True)
    storage = S3Storage(**config["OPTIONS"])
    name = storage.save("disclosure/id-copy.jpg", ContentFile(b"ID copy"))
    store = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="testing",
        aws_secret_access_key="testing", region_name="us-east-1",
    )  # fmt: skip
    keys = [o["Key"] for o in store.list_objects_v2(Bucket="policy-media")["Contents"]]
    key = f"private/{name}"
    assert key in keys
    grants = store.get_object_acl(Bucket="policy-media", Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]
    import requests

    assert requests.get(f"{s3_server}/policy-media/{key}", timeout=10).status_code == 403
