"""Who handles comments, as rights of the editorial roles (the ``role_permissions`` hook)."""

from cms.plugin_api import Role

# 网站编辑 and 编辑部主任 moderate; division heads approve their divisions' dispositions;
# drafters answer comments on their divisions' consultations (their division decides).
ROLE_PERMISSIONS = {
    Role.WEB_EDITOR: ["consultation.moderate_comment", "consultation.view_comment"],
    Role.EDITORIAL_DIRECTOR: ["consultation.moderate_comment", "consultation.view_comment"],
    Role.DIVISION_HEAD: ["consultation.approve_disposition", "consultation.view_comment"],
    Role.DRAFTER: ["consultation.view_comment"],
}
