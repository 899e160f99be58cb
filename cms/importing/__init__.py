"""Importing policies from an old site: JSON Lines and spreadsheets, the one-by-one
path and the fast batch path, attachments, and resumable runs."""
