"""Broadsheet."""
