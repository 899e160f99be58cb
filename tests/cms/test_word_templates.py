"""Word templates administrators may edit (cms/models/word_templates.py): a plugin
registers a default (hook ``word_templates``), an administrator uploads an edited copy
through the admin, and ``render_word`` fills whichever is in force. Uploads live in the
private storage, which no /media/ address reaches."""

import importlib
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from django.utils import translation
from docx import Document

from cms.extend.hookspecs import hookimpl
from cms.models import WordTemplate
from cms.plugin_api import (
    WordTemplateError,
    WordTemplateSpec,
    private_storage,
    render_word,
)

KEY = "example.reply"
ADD_URL = "/admin/snippets/cms/wordtemplate/add/"


def docx(*paragraphs: str) -> bytes:
    """A .docx whose paragraphs are these lines (docxtpl placeholders included)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


class Letters:
    def __init__(self, default: Path):
        self.default = default

    @hookimpl
    def word_templates(self):
        return [
            WordTemplateSpec(
                KEY,
                "政府信息公开申请答复告知书",
                self.default,
                fields_help=[("applicant_name", "申请人姓名"), ("items", "所申请的信息")],
            )
        ]


@pytest.fixture
def letters(plugin, tmp_path):
    default = tmp_path / "reply.docx"
    default.write_bytes(
        docx(
            "{{ applicant_name }}：",
            "您申请的信息：{% for item in items %}{{ item }}；{% endfor %}",
            "默认告知书",
        )
    )
    plugin(Letters(default), "example")
    return default


def upload(client, data: bytes, name="reply.docx", **fields):
    return client.post(
        ADD_URL, {"key": KEY, "title": "", "file": ContentFile(data, name=name), **fields}
    )


def test_the_default_template_renders_with_the_context(letters, db):
    data = render_word(KEY, {"applicant_name": "张三 & <李四>", "items": ["预算", "决算"]})
    text = text_of(data)
    assert "张三 & <李四>：" in text  # escaped for Word's XML, read back as typed
    assert "您申请的信息：预算；决算；" in text
    assert "默认告知书" in text


def test_an_uploaded_replacement_is_used_from_then_on(letters, admin_client):
    replacement = docx("{{ applicant_name }}同志：", "江岭市统计局修订版告知书")
    response = upload(admin_client, replacement)
    assert response.status_code == 302, response.content.decode()[:2000]

    template = WordTemplate.objects.get(key=KEY)
    assert template.title == "政府信息公开申请答复告知书"  # the label, when left empty
    assert template.file.storage.location == private_storage().location
    stored = Path(django_settings.PRIVATE_MEDIA_ROOT) / template.file.name
    assert stored.read_bytes() == replacement
    assert not stored.resolve().is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())

    text = text_of(render_word(KEY, {"applicant_name": "王五"}))
    assert "王五同志：" in text and "修订版告知书" in text
    assert "默认告知书" not in text

    # The admin downloads it back, and the default beside it, to edit further.
    served = admin_client.get(f"/admin/word-templates/{template.pk}/file/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == replacement
    served = admin_client.get(f"/admin/word-templates/default/{KEY}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == letters.read_bytes()
    assert "attachment" in served["Content-Disposition"]
    form = admin_client.get(f"/admin/snippets/cms/wordtemplate/edit/{template.pk}/")
    assert f"/admin/word-templates/default/{KEY}/" in form.content.decode()
    assert "申请人姓名" in form.content.decode()

    # Deleting the upload brings the default back.
    template.delete()
    assert "默认告知书" in text_of(render_word(KEY, {"applicant_name": "王五"}))


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"not a word file", "reply.docx", "不是 .docx 格式的 Word 文档"),
        (docx("{{ applicant_name }"), "reply.docx", "占位符有误"),
        (docx("{{ applicant_nmae }}"), "reply.docx", "applicant_nmae"),
        (docx("{{ applicant_name }}"), "reply.doc", "docx"),
    ],
    ids=["not-a-docx", "broken-placeholder", "unknown-field", "wrong-extension"],
)
def test_an_invalid_upload_is_refused_with_a_chinese_message(
    letters, admin_client, data, name, message
):
    with translation.override("zh-hans"):
        response = upload(admin_client, data, name=name, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[:3000]
    assert not WordTemplate.objects.exists()
    assert "默认告知书" in text_of(render_word(KEY, {}))


def test_a_template_that_fails_to_render_raises_a_chinese_error(letters, db):
    # Stored without the admin's checks (as by an older release): fails only with data.
    template = WordTemplate(key=KEY, title="坏模板")
    template.file.save("bad.docx", ContentFile(docx("{{ applicant_name | int(1, 2, 3) }}")))
    with translation.override("zh-hans"), pytest.raises(WordTemplateError) as raised:
        render_word(KEY, {"applicant_name": "张三"})
    assert "政府信息公开申请答复告知书" in str(raised.value)
    assert "无法生成" in str(raised.value)

    # A file missing from the storage (a restore without the private media) too.
    private_storage().delete(template.file.name)
    with translation.override("zh-hans"), pytest.raises(WordTemplateError):
        render_word(KEY, {})


def test_an_unregistered_key_is_a_programming_error(letters, db):
    with pytest.raises(LookupError):
        render_word("example.nothing", {})


def test_only_administrators_download_templates(letters, client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(*_admin_access())
    client.force_login(editor)
    assert client.get(f"/admin/word-templates/default/{KEY}/").status_code in (302, 403)
    assert client.get("/admin/word-templates/default/example.nothing/").status_code in (302, 403)


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="access_admin")


@pytest.fixture
def demo_urls(settings):
    """The URLs as the demo builds them, with its media route."""
    import policy_cms.urls

    settings.SERVE_MEDIA = True
    importlib.reload(policy_cms.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(policy_cms.urls)
    clear_url_caches()


def test_private_files_are_never_served_from_media(client, db, demo_urls):
    name = private_storage().save("word-templates/secret.docx", ContentFile(b"ID copy"))
    private_root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    assert (private_root / name).read_bytes() == b"ID copy"
    public = client.get(f"/media/{name}")
    assert public.status_code == 404
    sibling = f"../{private_root.name}/{name}"
    for sly in (
        f"/media/{sibling}",
        f"/media/images/../{sibling}",
        f"/media//{private_root}/{name}",
    ):
        assert client.get(sly).status_code == 404, sly
    # The demo's route still serves the public media.
    from django.core.files.storage import default_storage

    logo = default_storage.save("images/logo.svg", ContentFile(b"<svg/>"))
    assert client.get(f"/media/{logo}").status_code == 200


def test_the_private_folder_lies_outside_the_media_by_default():
    from policy_cms.settings import base

    assert not base.PRIVATE_MEDIA_ROOT.resolve().is_relative_to(base.MEDIA_ROOT.resolve())


def test_a_plugins_private_file_field_migrates_through_the_door():
    from django.db.migrations.writer import MigrationWriter

    text, imports = MigrationWriter.serialize(private_storage)
    assert (text, imports) == ("cms.plugin_api.private_storage", {"import cms.plugin_api"})
