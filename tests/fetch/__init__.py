"""Tests of broadsheet.fetch."""
