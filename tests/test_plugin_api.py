"""The plugin door (cms.plugin_api): exactly what docs/plugins.md documents for plugins,
and the only module of the core the built-in plugins import."""

import pkgutil
import re
import tomllib
from pathlib import Path

import cms
from cms import plugin_api

ROOT = Path(__file__).resolve().parents[1]
DOOR_CONTRACT = "Plugins import the core only through its door"


def documented_names() -> set[str]:
    """The names in the first column of the door's table in docs/plugins.md: the leading
    identifier of each `code span` there (`today()` → today, `spreadsheets.rows(…)` →
    spreadsheets)."""
    guide = (ROOT / "docs" / "plugins.md").read_text()
    section = guide.split("## The plugin door: `cms.plugin_api`", 1)[1].split("\n## ", 1)[0]
    table = section.split("| name | what for |", 1)[1].split("\n\n", 1)[0]
    names = set()
    for row in table.strip().splitlines()[1:]:
        first_cell = row.split("|")[1]
        names |= {m.group(1) for m in re.finditer(r"`([A-Za-z_]\w*)", first_cell)}
    return names


def test_the_door_exports_exactly_what_the_guide_documents():
    exported = set(plugin_api.__all__)
    assert len(exported) == len(plugin_api.__all__), "a name is listed twice in __all__"
    documented = documented_names()
    assert not documented - exported, f"documented, not in cms.plugin_api: {documented - exported}"
    assert not exported - documented, f"in cms.plugin_api, not documented: {exported - documented}"
    for name in plugin_api.__all__:
        assert hasattr(plugin_api, name), name


def test_the_contract_forbids_every_other_module_of_the_core():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [contract] = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"].startswith(DOOR_CONTRACT)
    ]
    assert contract["type"] == "forbidden" and contract["source_modules"] == ["plugins"]
    modules = {f"cms.{info.name}" for info in pkgutil.iter_modules(cms.__path__)}
    assert set(contract["forbidden_modules"]) == modules - {"cms.plugin_api"}
    assert "ignore_imports" not in contract


def test_no_plugin_imports_the_core_but_through_the_door():
    sources = [*(ROOT / "plugins").rglob("*.py")]
    sources += (ROOT / "examples" / "policy-cms-example" / "policy_cms_example").rglob("*.py")
    core = re.compile(r"^\s*(?:from|import) cms(?:\.(?!plugin_api\b)\w+|\s)", re.M)
    offenders = [str(path.relative_to(ROOT)) for path in sources if core.search(path.read_text())]
    assert offenders == []
