"""One indicator of the self-inspection (网站自查, Reports → 网站自查): what the core and
plugins (hook ``self_inspection_indicators``) report about a site against the national
website inspection's rules (政府网站与政务新媒体检查指标, 国办秘函〔2019〕19号)."""

from __future__ import annotations

from dataclasses import dataclass, field

# An indicator's status, worst last.
OK = "ok"
WARNING = "warning"
VETO = "veto"
STATUSES = (OK, WARNING, VETO)
RANK = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Evidence:
    """One record behind an indicator: ``label`` what it is (a column's title and when it
    was last updated, a message's subject and due date), ``url`` where the admin opens it
    (empty: nowhere to link), ``status`` whether it alone is a warning or a veto risk."""

    label: str
    url: str = ""
    status: str = WARNING


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``key`` a stable name (``"messages.unanswered"``), ``title`` and
    ``summary`` Chinese text for the page, ``status`` one of ``OK``, ``WARNING``, ``VETO``
    (单项否决风险: a veto item of the national inspection would fail the site), the
    ``evidence`` listed under it, and ``rule`` the rule it checks, in a few words."""

    key: str
    title: str
    status: str
    summary: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    rule: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))


def worst(statuses) -> str:
    """The worst of the statuses (``OK`` for none)."""
    return max(statuses, key=RANK.__getitem__, default=OK)
