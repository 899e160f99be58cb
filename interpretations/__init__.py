"""Interpretations (政策解读) and the three-synchronization rules."""
