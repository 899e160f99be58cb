"""The service links plugin's management commands."""
