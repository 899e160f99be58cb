"""Notes plugins keep on a policy from their own records (本文件曾于…公开征求意见): what the
reader, the API, the editor and the policy's interpretations are told about how the policy
came to be. The hook ``policy_notes`` answers for many policies at once, so a list can ask
once per plugin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyNote:
    """One note on a policy.

    ``text`` is a plain sentence (escaped on output); ``url`` and ``link_text`` a public
    link after it (the feedback). ``citation`` is how an interpretation names what the link
    leads to (《…》意见采纳情况反馈): the interpretation's page lists the notes that have one,
    and its editor offers them to cite. ``admin_url`` and ``admin_text`` link the plugin's
    admin view from the policy's edit view. A note with ``public=False`` is shown only in
    the edit view (a consultation whose feedback is not published yet). ``kind`` tells
    the API's readers what the note is about; ``plugin`` is filled in by the core."""

    text: str
    url: str = ""
    link_text: str = ""
    citation: str = ""
    admin_url: str = ""
    admin_text: str = ""
    public: bool = True
    kind: str = ""
    plugin: str = ""
