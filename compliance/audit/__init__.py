"""Audit many plans at once (compliance audit)."""
