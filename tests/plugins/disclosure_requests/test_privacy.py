"""The applicant's personal data: erased after the retention period with the statistics
kept, and exported for a subject-access request through the office's admin view."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from plugins.disclosure_requests import privacy, states, stats
from plugins.disclosure_requests.models import Attachment, DisclosureRequest

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/disclosure-requests/applicant-export/"
# The report's counted fields: what section 三 reads of a request.
COUNTED = ["agency_id", "applicant_type", "state", "received_on", "closed_on", "outcome"]


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def counted(requests):
    return [tuple(getattr(reread(r), f) for f in COUNTED) for r in requests]


def report(years):
    """Every cell of sections 三 and 四 of those years' annual reports."""
    return {
        (year, table.key, row.key): dict(row.cells)
        for year in years
        for table in stats.annual_tables(year)
        for row in table.rows
    }


@pytest.fixture
def answered(make_request, office, office_head, division, division_staff, time_machine):
    """A request answered on a given day, with an ID copy and the served letter's file."""

    def make(day, **fields):
        time_machine.move_to(f"{day} 09:00 +08:00")
        request = states.confirm(make_request(**fields), office, division=division)
        Attachment.objects.create(
            request=request,
            kind="id_copy",
            name="身份证.jpg",
            file=ContentFile(b"\xff\xd8 id copy", name="id.jpg"),
        )
        states.draft(request, division_staff, "disclosed", f"{request.name}：现提供所申请信息。")
        states.review(request, office)
        states.approve(request, office_head)
        states.send(request, office, "电子邮件")  # the letter's Word file came at approval
        return reread(request)

    return make


def test_personal_data_is_erased_after_the_retention_period(
    answered, make_request, office, time_machine
):
    old = answered(
        "2016-03-01", contact_person="王大明", address="测试市人民路1号", postcode="100000"
    )
    kept = answered("2017-01-10", purpose="科研")
    time_machine.move_to("2015-05-05 09:00 +08:00")
    discarded = make_request(name="机器人")
    states.discard(discarded, office, "空白申请")
    time_machine.move_to("2026-12-03 09:00 +08:00")
    recent = states.confirm(make_request(), office)
    files = [old.letter.file.name, old.attachments.get().file.name]
    storage = old.letter.file.storage
    assert all(storage.exists(name) for name in files)
    before = counted([old, kept, discarded, recent])
    tables = report([2016, 2017, 2026])
    # The old request is counted in 2016: received, handled, disclosed, by a natural person.
    assert tables[(2016, "requests", "new")][stats.TOTAL] == 1
    assert tables[(2016, "requests", "disclosed")]["person"] == 1

    assert privacy.anonymise_expired(dry_run=True) == [old.reference, discarded.reference]
    assert reread(old).name == "王小明" and storage.exists(files[0])  # a dry run erases nothing
    out = io.StringIO()
    call_command("disclosure_retention", "--dry-run", stdout=out)
    assert "2" in out.getvalue() and old.reference in out.getvalue()

    assert privacy.anonymise_expired() == [old.reference, discarded.reference]
    old = reread(old)
    assert (old.name, old.contact_person, old.id_number, old.phone, old.email) == (
        "已删除",
        "",
        None,
        None,
        None,
    )
    assert (old.address, old.postcode, old.purpose, old.applicant_key) == (None, "", "", "")
    assert old.anonymised_at is not None and reread(discarded).name == "已删除"
    assert not old.attachments.exists()
    assert not any(storage.exists(name) for name in files)
    assert old.letter.file.name == ""
    assert old.letter.text == "已删除：现提供所申请信息。"  # the letter's text stays, scrubbed
    assert old.information == "2025年本市规模以上工业企业名录"  # what was asked stays
    # What the annual report counts does not change.
    assert counted([old, kept, discarded, recent]) == before
    assert report([2016, 2017, 2026]) == tables
    assert ModelLogEntry.objects.filter(
        object_id=str(old.pk), action="disclosure_requests.anonymise"
    ).exists()
    # The others keep their data; a second run finds nothing.
    assert reread(kept).name == "王小明" and reread(kept).purpose == "科研"
    assert reread(recent).id_number == ID_NUMBER
    assert privacy.anonymise_expired() == []
    # Nor can the export find the erased applicant any more.
    assert [
        r["reference"] for r in privacy.export_applicant("resident_id", ID_NUMBER)["requests"]
    ] == [
        kept.reference,
        recent.reference,
    ]


def test_the_monthly_task_erases(answered, time_machine):
    from plugins.disclosure_requests.tasks import monthly_retention

    old = answered("2015-06-01")
    time_machine.move_to("2026-01-01 03:30 +08:00")
    assert monthly_retention.delay().get() == {"anonymised": 1}
    assert reread(old).anonymised_at is not None


def test_the_office_exports_one_applicants_data(
    answered, make_request, office, client, division_staff, time_machine
):
    first = answered("2026-03-02")
    second = answered("2026-04-01", phone="13700000000")
    make_request(id_number="110105194912310011", name="李四")  # another applicant

    client.force_login(office)
    page = client.get(EXPORT_URL)
    assert page.status_code == 200 and "证件号码" in page.content.decode()
    response = client.post(EXPORT_URL, {"id_type": "resident_id", "id_number": ID_NUMBER.lower()})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert [r["reference"] for r in data["requests"]] == [first.reference, second.reference]
    row = data["requests"][1]
    assert (row["name"], row["id_number"], row["phone"]) == ("王小明", ID_NUMBER, "13700000000")
    assert (
        row["letter"]["number"] == "测统依申复〔2026〕第2号"
        and row["letter"]["sent_on"] == "2026-04-01"
    )
    assert [step["step"] for step in row["history"]] == [
        "confirm",
        "assign",
        "draft",
        "review",
        "approve",
        "send",
    ]
    table = archive.read("requests.csv").decode("utf-8")
    assert table.startswith("\ufeff") and "李四" not in table and "13700000000" in table
    header = table[1:].splitlines()[0]
    assert header.startswith("申请编号,") and "reference" not in header
    assert "id_number" not in header and "姓名" in header
    readme = archive.read("README.txt").decode("utf-8")
    for name in ("requests.csv", "data.json", "files/"):
        assert name in readme
    assert "答复告知书" in readme
    names = archive.namelist()
    assert f"files/{first.reference}/reply-letter.docx" in names
    with first.letter.file.open("rb") as served:
        assert archive.read(f"files/{first.reference}/reply-letter.docx") == served.read()
    assert any(
        n.startswith(f"files/{second.reference}/") and n.endswith("身份证.jpg") for n in names
    )
    for request in (first, second):
        assert ModelLogEntry.objects.filter(
            object_id=str(request.pk), action="disclosure_requests.export", user=office
        ).exists()


def test_the_export_answers_bad_input_and_strangers(client, office, division_staff):
    client.force_login(office)
    unknown = client.post(EXPORT_URL, {"id_type": "resident_id", "id_number": "110105194912310011"})
    assert (
        unknown.status_code == 200 and "没有找到持该证件的申请人的申请" in unknown.content.decode()
    )
    empty = client.post(EXPORT_URL, {"id_type": "nonsense", "id_number": ""})
    form = empty.context_data["form"]
    assert empty.status_code == 200 and set(form.errors) == {"id_type", "id_number"}
    html = empty.content.decode()
    assert all(str(message) in html for messages in form.errors.values() for message in messages)
    client.force_login(division_staff)
    assert client.get(EXPORT_URL).status_code in (302, 403)
    assert client.post(
        EXPORT_URL, {"id_type": "resident_id", "id_number": ID_NUMBER}
    ).status_code in (
        302,
        403,
    )


def test_the_retention_cutoff_on_a_leap_day(settings):
    settings.DISCLOSURE_RETENTION_YEARS = 10
    assert privacy.retention_cutoff(date(2028, 2, 29)) == date(2018, 2, 28)


def _forget_keys():
    """The encrypted fields derive their keys once per process; a test that rotates them
    makes them derive again."""
    for field in DisclosureRequest._meta.fields:
        field.__dict__.pop("keys", None)
        field.__dict__.pop("f", None)


@pytest.fixture
def rotating(settings):
    _forget_keys()
    yield settings
    _forget_keys()


def test_a_rotated_secret_key_with_its_fallback_then_reencrypted(rotating, make_request):
    from plugins.disclosure_requests.models.requests import applicant_key

    old = rotating.SECRET_KEY
    request = make_request()
    rotating.SECRET_KEY, rotating.SECRET_KEY_FALLBACKS = "n" * 50, [old]
    _forget_keys()
    assert reread(request).id_number == ID_NUMBER  # read with the fallback
    assert privacy.export_applicant("resident_id", ID_NUMBER)["requests"] == []  # old HMAC

    out = io.StringIO()
    call_command("disclosure_reencrypt", stdout=out)
    assert "1" in out.getvalue()
    rotating.SECRET_KEY_FALLBACKS = []
    _forget_keys()
    request = reread(request)
    assert (request.id_number, request.phone) == (ID_NUMBER, "13812345678")
    assert request.applicant_key == applicant_key("resident_id", ID_NUMBER)
    assert len(privacy.export_applicant("resident_id", ID_NUMBER)["requests"]) == 1
