"""The API: applying (202 with the tracking code, 400 in Chinese naming the field as the
form does), the CAPTCHA, the rate limit, and following an application by code and contact
with nothing personal in the answer. Nothing of any request is ever listed."""

import json
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from plugins.disclosure_requests import states
from plugins.disclosure_requests.models import DisclosureRequest
from tests.plugins.disclosure_requests.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def captcha_served() -> bool:
    """Whether the CAPTCHA's URLs exist: a plugin returns them when its CAPTCHA is on at
    start (the message board always does)."""
    try:
        reverse("captcha-refresh")
    except NoReverseMatch:
        return False
    return True


S = DisclosureRequest.State
URL, TRACK = "/api/v1/disclosure-requests", "/api/v1/disclosure-requests/track"
LETTER = f"{TRACK}/letter"
GOOD = {
    "applicant_type": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "phone": "13812345678",
    "information": "2025年本市规模以上工业企业名录",
    "form": "electronic",
    "way": "website",
}


def post(client, url=URL, **fields):
    return client.post(url, {**GOOD, **fields}, content_type="application/json")


def test_an_application_is_accepted_with_a_tracking_code_and_reference(client, agency):
    response = post(client, email="wang@example.com", way="email")
    assert response.status_code == 202
    answer = response.json()
    assert set(answer) == {"tracking_code", "reference", "state"}
    request = DisclosureRequest.objects.get(tracking_code=answer["tracking_code"])
    assert answer["reference"] == request.reference and answer["state"] == "submitted"
    assert len(answer["tracking_code"]) == 20  # 100 random bits
    assert (request.id_number, request.email, request.agency) == (
        ID_NUMBER,
        "wang@example.com",
        agency,
    )


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"id_number": ID_NUMBER[:-1] + "1"}, "“证件号码”"),
        (
            {
                "applicant_type": "company",
                "id_type": "credit_code",
                "id_number": "11100000000013127H",
                "contact_person": "李四",
            },
            "统一社会信用代码无效",
        ),
        ({"phone": "", "email": ""}, "“联系电话”"),
        ({"way": "post", "form": "paper"}, "“通信地址”"),
        ({"information": ""}, "“所需信息的名称或内容描述”"),
        ({"information": "字" * 2001}, "“所需信息的名称或内容描述”"),
        ({"way": "pigeon"}, "“获取信息的方式”"),
        ({"applicant_type": "alien"}, "自然人"),  # the choices are listed with their labels
        ({"policy": 98765}, "“文件”"),
    ],
)
def test_bad_applications_are_a_400_in_chinese_and_store_nothing(client, agency, fields, named):
    response = post(client, **fields)
    assert response.status_code == 400, response.content
    error = response.json()
    assert set(error) == {"code", "message"}
    assert named in error["message"], error["message"]
    assert re.search("[\u4e00-\u9fff]", error["message"])
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({**GOOD, "name": "王\\ud800小明\\u0000"}).replace("\\\\", "\\"),
        json.dumps({**GOOD, "information": "a" * 1_000_000}),
        json.dumps({**GOOD, "name": "😀" * 10, "information": "📄" * 10}),
        json.dumps({**GOOD, "id_number": "１１０１０５１９４９１２３１００２ｘ"}),
        '{"name": ',
        json.dumps([GOOD]),
        json.dumps({**GOOD, "agency": 2**70}),
    ],
)
def test_bad_bodies_never_break_it(client, agency, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code in (202, 400, 413), response.content
    assert response.json()["message" if response.status_code != 202 else "state"]


def test_full_width_input_is_normalised(client, agency):
    response = post(
        client, id_number="１１０１０５１９４９１２３１００２ｘ", phone="１３８１２３４５６７８"
    )
    assert response.status_code == 202
    request = DisclosureRequest.objects.get()
    assert (request.id_number, request.phone) == (ID_NUMBER, "13812345678")


def test_the_captcha_is_required_when_switched_on(client, agency, settings):
    if not captcha_served():
        pytest.skip("no enabled plugin serves the CAPTCHA's URLs with its CAPTCHA on at start")
    from captcha.models import CaptchaStore

    assert client.get(f"{URL}/captcha").status_code == 404  # off: nothing to fetch
    settings.DISCLOSURE_CAPTCHA = True
    response = post(client)
    assert response.status_code == 400 and response.json()["code"] == "captcha"
    challenge = client.get(f"{URL}/captcha").json()
    assert challenge["image_url"].startswith("http://testserver/captcha/image/")
    answer = CaptchaStore.objects.get(hashkey=challenge["key"]).response
    response = post(client, captcha_key=challenge["key"], captcha_value=answer)
    assert response.status_code == 202
    # A challenge is tried once.
    again = post(client, captcha_key=challenge["key"], captcha_value=answer)
    assert again.status_code == 400


def test_the_rate_limit_counts_form_and_api_together(client, agency, settings):
    cache.clear()
    settings.DISCLOSURE_RATE_LIMIT = "2/min"
    assert post(client, phone="x").status_code == 400  # invalid: not counted
    assert post(client).status_code == 202
    form = client.post("/disclosure-requests/", {**GOOD})
    assert form.status_code == 302
    refused = post(client)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) >= 1
    assert DisclosureRequest.objects.count() == 2
    cache.clear()


def test_the_honeypot_answers_like_a_success_and_stores_nothing(client, agency, time_machine):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    answer = post(client, website="http://spam.example").json()
    assert len(answer["tracking_code"]) == 20 and not DisclosureRequest.objects.exists()
    # A reference as a real answer gives (2026-00012), not a dash a robot learns from.
    assert re.fullmatch(r"2026-\d{5}", answer["reference"]) and answer["state"] == "submitted"


def test_the_schema_names_the_plugins_own_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]

    def answer(path, status):
        ref = schema["paths"][path]["post"]["responses"][status]["content"]
        return components[ref["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]

    tracked = answer(TRACK, "200")
    assert {"reference", "state_label", "due_on", "letter"} <= set(tracked["properties"])
    assert {"tracking_code", "reference"} <= set(answer(URL, "202")["properties"])
    operations = [schema["paths"][p]["post"] for p in (URL, TRACK, LETTER)]
    for operation in operations:  # described in Chinese, for the public
        assert re.search(r"[\u4e00-\u9fff]{4}", operation["description"]), operation
    letter = schema["paths"][LETTER]["post"]["responses"]["200"]["content"]
    assert "wordprocessingml" in next(iter(letter))


def test_the_letter_is_downloaded_through_the_api_with_code_and_contact(
    client, make_request, office, office_head, division, division_staff, settings
):
    from django.core.files.base import ContentFile

    request = make_request()
    body = {"code": request.tracking_code, "contact": "13812345678"}
    early = client.post(LETTER, body, "application/json")
    assert early.status_code == 404 and "no-store" in early["Cache-Control"]
    states.confirm(request, office, division=division)
    states.draft(DisclosureRequest.objects.get(), division_staff, "disclosed", "现提供。")
    states.review(DisclosureRequest.objects.get(), office)
    states.approve(DisclosureRequest.objects.get(), office_head)
    request = states.send(DisclosureRequest.objects.get(), office, "电子邮件")
    request.letter.file.save("reply.docx", ContentFile(b"PK\x03\x04 the letter"), save=True)
    tracked = client.post(TRACK, body, "application/json").json()
    assert tracked["letter"]["download"] is True
    response = client.post(LETTER, body, "application/json")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 the letter"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    wrong = client.post(LETTER, {**body, "contact": "13900000000"}, "application/json")
    assert wrong.status_code == 404 and wrong.get("Content-Disposition") is None
    assert client.get(LETTER).status_code == 405


def test_tracking_gives_where_it_stands_and_nothing_personal(client, agency, office, time_machine):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    code = post(client, email="wang@example.com").json()["tracking_code"]
    request = DisclosureRequest.objects.get()
    states.confirm(request, office)
    states.ask_supplement(DisclosureRequest.objects.get(), office, "请写明年份。")
    response = client.post(TRACK, {"code": code, "contact": "WANG@example.com"}, "application/json")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    item = response.json()
    assert item["state"] == "supplement" and item["state_label"] == "待补正"
    assert item["received_on"] == "2026-03-02" and item["clock_paused"] is True
    assert item["due_on"] is None
    assert item["supplement"]["text"] == "请写明年份。" and item["supplement"]["can_answer"]
    assert item["can_withdraw"] is True and item["letter"] is None
    text = response.content.decode()
    for secret in ("王小明", ID_NUMBER, "13812345678", "wang@example.com", "name", "phone"):
        assert secret not in text


def test_a_wrong_code_or_contact_is_the_unknown_code_404(client, agency):
    code = post(client).json()["tracking_code"]
    answers = [
        client.post(TRACK, {"code": c, "contact": k}, "application/json")
        for c, k in (
            ("ABCDEFGHJKLMNPQRSTUV", "13812345678"),
            (code, "13900000000"),
            (code, "wang@example.com"),
        )
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert "没有找到" in answers[0].json()["message"]


def test_tracking_is_rate_limited(client, agency, settings):
    cache.clear()
    settings.DISCLOSURE_TRACK_RATE_LIMIT = "2/min"
    for _ in range(2):
        client.post(TRACK, {"code": "X", "contact": "1"}, "application/json")
    refused = client.post(TRACK, {"code": "X", "contact": "1"}, "application/json")
    assert refused.status_code == 429
    cache.clear()


def test_nothing_of_any_request_is_listed(client, agency):
    post(client)
    assert client.get(URL).status_code in (404, 405)
    assert client.get(TRACK).status_code in (404, 405)
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        (path, method)
        for path, methods in schema["paths"].items()
        if "disclosure" in path
        for method in methods
    }
    assert operations == {
        ("/api/v1/disclosure-requests", "post"),
        ("/api/v1/disclosure-requests/captcha", "get"),
        ("/api/v1/disclosure-requests/track", "post"),
        ("/api/v1/disclosure-requests/track/letter", "post"),  # by code and contact only
    }


def test_the_date_of_receipt_and_deadline_read_back(client, agency, office):
    code = post(client).json()["tracking_code"]
    states.confirm(DisclosureRequest.objects.get(), office, received_on=date.today())
    item = client.post(TRACK, {"code": code, "contact": "138 1234 5678"}, "application/json").json()
    request = DisclosureRequest.objects.get()
    assert item["state"] == "handling" and item["due_on"] == request.due_on.isoformat()
    assert item["reference"] == request.reference
