"""Who handles disclosure requests, as rights of the editorial roles (the
``role_permissions`` hook). The disclosure office itself is usually its own group (the
demo's 政府信息公开办公室 and its head); division staff need no permission: belonging to
the assigned division lets them draft its reply (states.works_for)."""

from cms.plugin_api import Role

ROLE_PERMISSIONS = {
    # The editorial director heads the office in an agency without one of its own.
    Role.EDITORIAL_DIRECTOR: [
        "disclosure_requests.handle_request",
        "disclosure_requests.approve_request",
        "disclosure_requests.view_disclosurerequest",
        # and records the appeals against the agency's replies (section 四).
        "disclosure_requests.add_appeal",
        "disclosure_requests.change_appeal",
        "disclosure_requests.view_appeal",
    ],
}

# The groups the demo creates and docs/plugins.md describes: the office, and its head.
OFFICE_PERMISSIONS = [
    "disclosure_requests.handle_request",
    "disclosure_requests.view_disclosurerequest",
    "disclosure_requests.add_appeal",
    "disclosure_requests.change_appeal",
    "disclosure_requests.view_appeal",
]
HEAD_PERMISSIONS = [*OFFICE_PERMISSIONS, "disclosure_requests.approve_request"]
