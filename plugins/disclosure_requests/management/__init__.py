"""The disclosure requests' management commands."""
