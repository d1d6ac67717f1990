"""Cited sources: outlets, agencies, monitors and officials a text relies on."""
