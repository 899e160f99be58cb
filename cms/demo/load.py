"""Load the demo: agencies, policies with interpretations, media and users. Idempotent."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from cms.demo.bundles import create_demo_bundles
from cms.demo.content import AGENCIES
from cms.demo.media import chart_image, text_document
from cms.demo.records import policy_records
from cms.demo.users import create_demo_users
from cms.importing.importer import find_existing, import_policies, upsert_policy
from cms.importing.parsing import parse_record
from cms.models import (
    Agency,
    DisclosureGuidePage,
    Division,
    HomePage,
    PolicyAttachment,
    PolicyPage,
)
from cms.models.home import ensure_library
from interpretations.choices import Form
from interpretations.models import InterpretationPage

HOME_INTRO = (
    "<p>江岭市政策文件库集中发布本市各部门的政策文件及其解读。"
    "政策文件与解读材料同步起草、同步审签、同步发布。</p>"
)

# Extra records that show states other than "published and public".
DRAFT_RECORD = {
    "title": "江岭市统计数据共享管理办法（征求意见稿）",
    "doc_number": "江统规〔2026〕8号",
    "agency": "江岭市统计局",
    "division": "法规处",
    "doc_type": "normative",
    "issued_on": "2026-10-15",
    "topics": ["数据共享"],
    "body": "为规范统计数据共享工作，制定本办法。",
    "interpretations": [
        {"title": "《江岭市统计数据共享管理办法》解读", "form": "text", "body": "起草中。"}
    ],
}
ON_REQUEST_RECORD = {
    "title": "关于部分企业统计数据核查情况的函",
    "doc_number": "江统函〔2025〕12号",
    "agency": "江岭市统计局",
    "division": "国民经济核算处",
    "doc_type": "notice",
    "issued_on": "2025-08-08",
    "disclosure": "on_request",
    "disclosure_reason": "涉及特定企业的经营信息，仅向相关当事人依申请公开（条例第十五条）。",
    "body": "根据核查安排，现将有关情况函告如下。",
}


def _agencies():
    for spec in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=spec["name"],
            defaults={k: spec[k] for k in ("short_name", "org_code", "region")},
        )
        for name in spec["divisions"]:
            Division.objects.get_or_create(agency=agency, name=name)
        ensure_library(agency)


# The demo agencies' disclosure guide, written for the demo (each office edits its own).
GUIDE_BODY = """<h2>一、主动公开</h2>
<p>本机关主动公开的政府信息在本网站“政府信息公开目录”中按发布时间列出，每件文件标明索引号、成文日期和内容概述，可按年份和主题筛选。政策文件与解读同步发布。</p>
<h2>二、依申请公开</h2>
<p>公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息。申请应当采用书面形式，写明申请人的姓名或者名称、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式。</p>
<h2>三、办理与答复</h2>
<p>本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，需要延长的经负责人同意可以延长不超过20个工作日，并告知申请人。</p>
<h2>四、救济途径</h2>
<p>申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。</p>"""


def _guides():
    for agency in Agency.objects.order_by("pk"):
        if DisclosureGuidePage.objects.filter(agency=agency).exists() or not hasattr(
            agency, "library"
        ):
            continue
        guide = DisclosureGuidePage(
            title=f"{agency.name}政府信息公开指南",
            slug="disclosure-guide",
            agency=agency,
            body=GUIDE_BODY,
            office=f"{agency.name}办公室",
            office_hours="工作日 9:00—12:00，13:30—17:00",
            live=False,
        )
        agency.library.add_child(instance=guide)
        guide.save_revision().publish()


def _home():
    home = HomePage.objects.first()
    if home.intro != HOME_INTRO:
        home.intro = HOME_INTRO
        home.save_revision().publish()
    # Absolute links (feeds, webhook payloads, mail) point where the demo is served.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = base.port or (443 if base.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).update(hostname=base.hostname, port=port)


def _graphics():
    for seed, page in enumerate(
        InterpretationPage.objects.filter(form=Form.GRAPHIC).order_by("pk"), start=1
    ):
        if any(block.block_type == "figure" for block in page.body):
            continue
        image = chart_image(page.title, seed)
        # ImageBlock's native value is the image carrying its alt text for this use.
        image.contextual_alt_text, image.decorative = page.title, False
        page.body.append(("figure", {"image": image, "caption": page.title}))
        page.save_revision().publish()


def _attachments():
    for policy in PolicyPage.objects.filter(doc_type="normative", live=True).order_by("pk")[:6]:
        if policy.attachments.exists():
            continue
        document = text_document(f"{policy.title}（全文）", policy.title)
        policy.attachments.add(PolicyAttachment(document=document, title="附件：文件全文"))
        policy.save_revision().publish()


@transaction.atomic
def load_demo() -> dict:
    """Create or refresh every piece of demo content; returns counts and the user rows."""
    _agencies()
    _guides()
    _home()
    # Only what is missing is imported: the demo decorates pages after import (figures,
    # attachments), and a second import would replace those decorations with new revisions.
    lines = [json.dumps(r, ensure_ascii=False) for r in [*policy_records(), ON_REQUEST_RECORD]]
    missing = [line for line in lines if find_existing(parse_record(line)) is None]
    # The demo's subscribers (the test receiver) see its policies arrive.
    result = import_policies(missing, publish=True, notify=True)
    if result.errors:
        raise RuntimeError(f"demo content is invalid: {result.errors}")
    draft = parse_record(json.dumps(DRAFT_RECORD, ensure_ascii=False))
    if find_existing(draft) is None:
        upsert_policy(draft, publish=False)
    _graphics()
    _attachments()
    users = create_demo_users()
    create_demo_bundles()
    return {"import": result, "users": users}
