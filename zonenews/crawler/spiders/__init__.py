"""Spiders of zonenews: one spider (``zone``) that runs any site entry."""
