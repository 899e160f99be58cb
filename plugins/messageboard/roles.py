"""Who handles messages, as rights of the editorial roles (the ``role_permissions`` hook)."""

from cms.plugin_api import Role

# Role → the board's permissions: 网站编辑 moderate and curate the FAQ and the word list;
# division heads approve their divisions' replies. Division staff need no permission:
# belonging to the assigned division lets them reply (states.works_for).
ROLE_PERMISSIONS = {
    Role.WEB_EDITOR: [
        "messageboard.moderate_message",
        "messageboard.view_message",
        "messageboard.add_faqentry",
        "messageboard.change_faqentry",
        "messageboard.delete_faqentry",
        "messageboard.view_faqentry",
        "messageboard.add_sensitiveword",
        "messageboard.change_sensitiveword",
        "messageboard.delete_sensitiveword",
        "messageboard.view_sensitiveword",
    ],
    Role.DIVISION_HEAD: ["messageboard.approve_reply", "messageboard.view_message"],
    Role.DRAFTER: ["messageboard.view_message"],
    Role.EDITORIAL_DIRECTOR: ["messageboard.view_message", "messageboard.moderate_message"],
}
