"""The one validator of the form and the API: every field's rule, its Chinese error, and
input that must never break it (control characters, markup, emoji, huge texts)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cms.models import Agency
from plugins.disclosure_requests import intake
from plugins.disclosure_requests.models import DisclosureRequest
from tests.plugins.disclosure_requests.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db

CREDIT_CODE = "11100000000013127D"  # the Ministry of Public Security's, check character right
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CHINESE = re.compile("[\u4e00-\u9fff]")


def person(**fields):
    return {
        "applicant_type": "person",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13812345678",
        "email": "",
        "information": "2025年本市规模以上工业企业名录",
        "form": "electronic",
        "way": "website",
        **fields,
    }


def company(**fields):
    organisation = {
        "applicant_type": "company",
        "name": "江岭市某某科技有限公司",
        "contact_person": "李四",
        "id_type": "credit_code",
        "id_number": CREDIT_CODE,
    }
    return person(**{**organisation, **fields})


def errors_of(data, files=()):
    with pytest.raises(intake.IntakeError) as caught:
        intake.clean(data, files)
    for text in caught.value.errors.values():
        assert CHINESE.search(text), text  # every message is Chinese
    return caught.value.errors


def test_a_person_is_stored_submitted_with_identity_and_contacts_encrypted(agency):
    request = intake.receive(person(email="Wang@Example.com", way="email"))
    request = DisclosureRequest.objects.get(pk=request.pk)
    assert request.state == "submitted" and request.agency == agency
    assert request.id_number == ID_NUMBER and request.phone == "13812345678"
    assert request.email == "Wang@Example.com" and request.address is None
    assert len(request.tracking_code) == 20 and request.applicant_key
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email FROM disclosure_requests_disclosurerequest"
            " WHERE id = %s",
            [request.pk],
        )
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert ID_NUMBER not in raw and "13812345678" not in raw and "Example" not in raw


def test_an_organisation_applies_with_its_credit_code_and_a_contact_person(agency):
    request = intake.receive(company())
    assert request.is_organisation and request.id_number == CREDIT_CODE
    assert request.contact_person == "李四"
    errors = errors_of(company(contact_person="", id_type="resident_id", id_number=ID_NUMBER))
    assert errors["contact_person"] == "法人或其他组织须填写法定代表人或联系人。"
    assert "统一社会信用代码" in errors["id_type"]
    assert "证件" in errors_of(person(id_type="credit_code", id_number=CREDIT_CODE))["id_type"]


@pytest.mark.parametrize(
    ("id_type", "number", "words"),
    [
        ("resident_id", ID_NUMBER[:-1] + "1", "校验"),  # wrong check character
        ("resident_id", "110105" + "20991231" + "0028", "出生日期"),  # born in the future
        ("resident_id", "12345", "18"),
        ("credit_code", "11100000000013127H", "统一社会信用代码"),  # wrong check character
        ("credit_code", "1110000000001312OD", "统一社会信用代码"),  # O is not in the alphabet
        ("passport", "E1@345", "证件"),
        ("hk_macao", "X12345678", "证件"),
        ("taiwan", "1234", "证件"),
    ],
)
def test_identity_numbers_are_checked(agency, id_type, number, words):
    data = company(id_number=number) if id_type == "credit_code" else person(id_type=id_type)
    data["id_number"] = number
    assert words in errors_of(data)["id_number"]


@pytest.mark.parametrize(
    ("id_type", "number"),
    [("passport", "E12345678"), ("hk_macao", "H1234567801"), ("taiwan", "12345678")],
)
def test_other_documents_need_a_plausible_number(agency, id_type, number):
    assert intake.receive(person(id_type=id_type, id_number=number)).id_number == number


def test_full_width_and_spaced_numbers_are_normalised(agency):
    request = intake.receive(
        person(
            id_number=" ".join([ID_NUMBER[:6], ID_NUMBER[6:14], ID_NUMBER[14:].lower()]),
            phone="＋８６ １３８ １２３４ ５６７８",
            postcode="１００００１",
        )
    )
    assert request.id_number == ID_NUMBER and request.phone == "13812345678"
    assert request.postcode == "100001"
    assert intake.receive(person(phone="(010) 8765 4321")).phone == "010-87654321"


def test_the_way_to_obtain_decides_what_contact_is_required(agency):
    assert "通信地址" in errors_of(person(way="post", form="paper"))["address"]
    assert "电子邮箱" in errors_of(person(way="email"))["email"]
    assert "电子文件" in errors_of(person(way="email", email="a@b.cn", form="paper"))["form"]
    assert "查询" in errors_of(person(phone=""))["phone"]  # tracking needs a contact
    request = intake.receive(person(way="post", form="paper", address="江岭市人民路1号"))
    assert request.address == "江岭市人民路1号"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("phone", "12345", "手机"),
        ("email", "not-an-address", "电子邮箱"),
        ("postcode", "1000", "6"),
        ("applicant_type", "alien", "选项"),
        ("form", "", "选择"),
        ("way", "pigeon", "选项"),
        ("information", "", "必填"),
        ("information", "字" * 2001, "2000"),
        ("name", "!!!", "文字"),
        ("name", "", "必填"),
    ],
)
def test_each_field_has_its_chinese_error(agency, field, value, words):
    assert words in errors_of(person(**{field: value}))[field]


def test_markup_and_control_characters_are_stripped(agency):
    request = intake.receive(
        person(
            name="王\u200b小明\x00",
            information="<script>alert(1)</script>请提供<b>名录</b>\x07\u202e全文",
            purpose="科研\r\n\r\n\r\n\r\n用途",
        )
    )
    assert request.name == "王小明"
    assert request.information == "请提供名录全文"
    assert request.purpose == "科研\n\n用途"


def test_emoji_and_odd_unicode_never_break_it(agency):
    request = intake.receive(person(name="王小明😀", information="请提供名录📄 ＡＢＣ"))
    assert request.name == "王小明😀" and "📄" in request.information
    assert "文字" in errors_of(person(name="😀😀"))["name"]
    # Lone surrogates (what a broken JSON escape gives) are dropped, never stored.
    assert intake.receive(person(name="王\ud800小明")).name == "王小明"


def test_a_huge_text_is_refused_with_a_length_error(agency):
    errors = errors_of(person(information="请" * 1_000_000, name="名" * 5000))
    assert "2000" in errors["information"] and "100" in errors["name"]


def test_the_agency_defaults_to_the_only_one_else_is_required(agency):
    assert intake.clean(person())["agency_id"] == agency.pk
    other = Agency.objects.create(name="测试市财政局", org_code="000014350")
    assert "机关" in errors_of(person())["agency"]
    assert intake.clean(person(agency=str(other.pk)))["agency_id"] == other.pk
    assert "机关" in errors_of(person(agency="999999"))["agency"]
    assert "机关" in errors_of(person(agency="abc"))["agency"]


def test_a_policy_may_be_named_unless_withheld(agency, publish_policy):
    on_request = publish_policy(
        "关于某企业经营信息的批复", disclosure="on_request", disclosure_reason="涉及商业秘密"
    )
    withheld = publish_policy("内部文件", disclosure="withheld", disclosure_reason="内部事务信息")
    Agency.objects.create(name="测试市财政局", org_code="000014350")
    # Naming the document names its agency too (two agencies: none is the default).
    fields = intake.clean(person(policy=on_request.pk))
    assert fields["policy_id"] == on_request.pk and fields["agency_id"] == agency.pk
    unknown = "文件"
    assert unknown in errors_of(person(policy=withheld.pk))["policy"]
    assert unknown in errors_of(person(policy=2**70))["policy"]
    assert unknown in errors_of(person(policy="x"))["policy"]


def test_an_id_copy_is_stored_in_private_storage_by_its_content(agency, settings, tmp_path):
    copy = SimpleUploadedFile("王小明身份证.pdf", PDF, content_type="application/pdf")
    photo = SimpleUploadedFile("scan", PNG, content_type="application/octet-stream")
    request = intake.receive(person(), [copy, photo])
    attachments = list(request.attachments.order_by("pk"))
    assert [a.kind for a in attachments] == ["id_copy", "id_copy"]
    assert attachments[0].name == "王小明身份证.pdf"
    stored = attachments[0].file
    assert stored.name.endswith(".pdf") and "王小明" not in stored.name
    assert stored.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert not stored.path.startswith(settings.MEDIA_ROOT)
    assert stored.read() == PDF
    assert attachments[1].file.name.endswith(".png")


def test_attachments_are_refused_by_kind_count_and_size(agency, settings):
    def upload(content=PDF, name="a.pdf"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    # The name and the declared type say PDF; the content is a program.
    assert "PDF" in errors_of(person(), [upload(b"MZ\x90\x00" + b"\x00" * 60)])["attachments"]
    assert "PDF" in errors_of(person(), [upload(b"<html>")])["attachments"]
    assert "空" in errors_of(person(), [upload(b"")])["attachments"]
    settings.DISCLOSURE_MAX_ATTACHMENTS = 2
    assert "2" in errors_of(person(), [upload(), upload(), upload()])["attachments"]
    settings.DISCLOSURE_MAX_ATTACHMENT_MB = 1
    big = upload(PDF + b"0" * (1024 * 1024))
    assert "1 MB" in errors_of(person(), [big])["attachments"]
    assert not DisclosureRequest.objects.exists()


@pytest.mark.parametrize(
    ("given", "typed"),
    [
        ("13812345678", "138 1234 5678"),
        ("13812345678", "+86 13812345678"),
        ("010-87654321", "01087654321"),
        ("Wang@Example.com", " wang@example.COM "),
        ("Wang@Example.com", "ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ],
)
def test_contacts_compare_as_typed_loosely(given, typed):
    assert intake.contact_key(given) == intake.contact_key(typed)
    assert intake.contact_key("13812345679") != intake.contact_key(given)
