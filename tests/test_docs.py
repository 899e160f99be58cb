"""The documentation a user's clone holds is whole: every file it points to is in the
clone (nothing outside it, such as the project workspace's shared folder), and the rules
page names the modules and settings that encode each rule, which exist. Comments cite
sections of docs/ that exist, never a document the clone does not hold."""

import os
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A markdown link's target, or a path in backticks that names a file of the project.
LINK = re.compile(r"\]\(([^)#\s]+)[^)]*\)")
PATH = re.compile(r"`((?:\.\./|[\w.-]+/)[\w./-]*\.(?:md|py|html|txt|toml|example))`")


def _references(text: str) -> set[str]:
    links = {m for m in LINK.findall(text) if not re.match(r"[a-z]+:", m)}
    return links | set(PATH.findall(text))


def test_every_file_the_docs_point_to_is_in_the_clone():
    for doc in DOCS:
        for reference in _references(doc.read_text()):
            target = (doc.parent / reference).resolve()
            if not target.exists():
                target = (ROOT / reference).resolve()
            assert target.is_relative_to(ROOT), f"{doc.name} points outside the clone: {reference}"
            assert target.exists(), f"{doc.name} points to a missing file: {reference}"


def test_the_readme_links_the_rules_page():
    readme = (ROOT / "README.md").read_text()
    assert "(docs/domain.md)" in readme
    assert "shared/" not in readme


def test_the_rules_page_covers_what_the_software_encodes():
    text = (ROOT / "docs" / "domain.md").read_text()
    for subject in [
        "working days",
        "调休",  # time limits
        "此件公开发布",
        "此件依申请公开",
        "此件不公开",  # footnotes
        "秘密★1年",
        "MOD 11-2",  # confidentiality review
        "5 years",
        "暂行",
        "试行",  # validity defaults
        "索引号",
        "本年新收申请数量",  # index numbers, annual report tables
    ]:
        assert subject in text, subject
    # Every setting it names is read by the code, so the page follows it when one moves.
    code = "".join(p.read_text() for d in ("cms", "plugins") for p in (ROOT / d).rglob("*.py"))
    for name in set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", text)):
        assert f'"{name}"' in code or hasattr(settings, name), name


SKIP = {".git", ".venv", "node_modules", "var", "media", "static_collected", "__pycache__"}
CITED = re.compile(r"docs/(\w+)\.md(?:#([\w-]+)| §(\d+))")


def _project_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP and not d.startswith(".")]
        for name in files:
            if name.endswith((".py", ".html", ".md", ".toml", ".txt")):
                yield Path(folder) / name


def _anchors(doc: Path) -> set[str]:
    """The anchors of a markdown file's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", doc.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}


def test_code_cites_sections_a_reader_of_the_clone_can_follow():
    # No design document or rule number from outside the repository; every section of
    # docs/ that a comment cites (docs/architecture.md#publishing, docs/domain.md §4) exists.
    outside = re.compile(r"\bDESIGN \d|\b[Rr]ules? 5\.\d|DOMAIN\.md")
    for path in _project_files():
        text = path.read_text(errors="replace")
        name = path.relative_to(ROOT)
        assert not outside.search(text), f"{name} cites a document outside the clone"
        for doc, anchor, section in CITED.findall(text):
            target = ROOT / "docs" / f"{doc}.md"
            assert target.exists(), f"{name} cites missing docs/{doc}.md"
            if anchor:
                assert anchor in _anchors(target), f"{name} cites docs/{doc}.md#{anchor}"
            if section:
                assert re.search(rf"^## {section}\. ", target.read_text(), re.MULTILINE), (
                    f"{name} cites docs/{doc}.md §{section}"
                )
