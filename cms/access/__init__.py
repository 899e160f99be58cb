"""Who may do and see what: the editorial roles (``Role``) and their groups, mail to a
division's or a role's members, the admin's allowed networks, who may download a document,
the Content Security Policy, and the protection of the public's forms. Which divisions a
user drafts for is a rule: ``cms.rules.permissions``."""
