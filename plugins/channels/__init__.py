"""Built-in publication channels: RSS and Atom feeds, signed webhooks and e-mail.

A plugin like any other: it reaches the core only through the hooks in ``hooks.py``,
Wagtail's admin hooks and the core's public functions.
"""
