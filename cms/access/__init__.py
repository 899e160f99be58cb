"""Who may do and see what: roles and division permissions, the admin's allowed
networks, who may download a document, and the Content Security Policy."""
