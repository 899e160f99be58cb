"""The search app's management commands."""
