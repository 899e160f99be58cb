"""Who handles messages, as rights of the editorial roles (cms.access.roles names the groups)."""

from cms.access.roles import grant

# Role → the board's permissions: 网站编辑 moderate and curate the FAQ and the word list;
# division heads approve their divisions' replies. Division staff need no permission:
# belonging to the assigned division lets them reply (states.works_for).
ROLE_PERMISSIONS = {
    "网站编辑": [
        "moderate_message",
        "view_message",
        "add_faqentry",
        "change_faqentry",
        "delete_faqentry",
        "view_faqentry",
        "add_sensitiveword",
        "change_sensitiveword",
        "delete_sensitiveword",
        "view_sensitiveword",
    ],
    "处室负责人": ["approve_reply", "view_message"],
    "撰稿人": ["view_message"],
    "编辑部主任": ["view_message", "moderate_message"],
}


def grant_permissions(sender=None, **kwargs) -> None:
    """Give the roles that exist their rights (after every migrate; idempotent)."""
    grant("messageboard", ROLE_PERMISSIONS)
