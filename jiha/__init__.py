"""Jiha: the platform of Morocco's regional offshoring programme."""

__version__ = "0.1.0"
