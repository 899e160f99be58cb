"""Consultations (意见征集): a draft published for comment clause by clause, every comment
answered with its disposition, and the feedback (意见采纳情况反馈) published with the final
policy (docs/domain.md, consultations).

``REQUIRED_APPS``: the CAPTCHA of the comment form and the API (django-simple-captcha),
shared with the other public forms and installed once.
"""

REQUIRED_APPS = ["captcha"]
