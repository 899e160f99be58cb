"""Who handles disclosure requests. Requests carry applicants' personal data, so no
editorial role gets a right to them (the ``role_permissions`` hook grants none): only
the disclosure office's own groups (the demo's 政府信息公开办公室 and its head, given
OFFICE_PERMISSIONS and HEAD_PERMISSIONS) and superusers handle them. Division staff need
no permission: belonging to the assigned division lets them draft its reply
(states.works_for)."""

# None on purpose: an editorial director or leader reviews pages, not applicants' data.
ROLE_PERMISSIONS: dict[str, list[str]] = {}

# The groups the demo creates and docs/plugins.md describes: the office, and its head.
OFFICE_PERMISSIONS = [
    "disclosure_requests.handle_request",
    "disclosure_requests.view_disclosurerequest",
    "disclosure_requests.add_appeal",
    "disclosure_requests.change_appeal",
    "disclosure_requests.view_appeal",
]
HEAD_PERMISSIONS = [*OFFICE_PERMISSIONS, "disclosure_requests.approve_request"]
