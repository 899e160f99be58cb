"""The disclosure requests' demo (hook ``demo_loaded``): the office's two users, requests
to 江岭市统计局 in every state, replayed through states.py on their own days across 2025
and 2026, two appeals, and the walkthrough load_demo prints. Loading again adds nothing.

The content is Chinese data, not interface text (makemessages skips this package)."""

from plugins.disclosure_requests.demo.load import load_demo_requests, walkthrough

__all__ = ["load_demo_requests", "walkthrough"]
