"""The policy message board (政策留言板): the public asks, the drafting division answers.

``REQUIRED_APPS`` are the Django apps the plugin needs besides its own, installed by the
settings only while the plugin is enabled (read without importing the app's code).
"""

# The CAPTCHA of the public form and the API (django-simple-captcha); its tables are tiny
# and unused while MESSAGEBOARD_CAPTCHA is off.
REQUIRED_APPS = ["captcha"]
