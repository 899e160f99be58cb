"""Disclosure requests (依申请公开): the public applies for government information, the
agency's disclosure office and the division holding it answer within the statutory clock,
and every outcome is counted as the annual report's sections 三 and 四 count them
(docs/domain.md §7).

Named for what it holds, ``disclosure_requests``: "requests" alone would read as the HTTP
library, and "disclosure" is the core's disclosure attribute (公开属性).

``REQUIRED_APPS``: the CAPTCHA of the public form and the API (django-simple-captcha),
shared with the message board and installed once.
"""

REQUIRED_APPS = ["captcha"]
