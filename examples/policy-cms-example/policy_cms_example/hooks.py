"""The example plugin's hook implementations."""

import re

from cms.plugin_api import ERROR, Finding, hookimpl

from .archive import ArchiveChannel, failing

# Left-overs of a template: a placeholder title, an unnumbered document number.
PLACEHOLDER = re.compile(r"XXX|ＸＸＸ|待定|〔\s*〕\s*号|\[\s*\]\s*号")


@hookimpl
def check_bundle(policy, members):
    if failing():
        raise RuntimeError("the placeholder dictionary is unavailable")
    for member in members:
        for field in ("title", "doc_number"):
            match = PLACEHOLDER.search(getattr(member, field, "") or "")
            if match:
                yield Finding(
                    ERROR,
                    "example_placeholder",
                    "仍有未填写的占位内容",
                    member=member.title,
                    field=field,
                    excerpt=match.group(0),
                )


@hookimpl
def register_channels():
    return [ArchiveChannel()]


@hookimpl
def periodic_tasks():
    return {
        "archive-report": {"task": "policy_cms_example.tasks.archive_report", "schedule": 86400.0}
    }
