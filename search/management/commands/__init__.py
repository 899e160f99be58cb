"""The search app's management commands (rebuilding the index)."""
