"""Who may do and see what: the editorial roles (``Role``) and their groups, mail to a
division's or a role's members, the admin's allowed networks, who may download a document,
and the Content Security Policy. Which divisions a user drafts for is a rule:
``cms.rules.permissions``."""
