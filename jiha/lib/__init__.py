"""Helpers shared by the Django apps (not an app itself)."""
