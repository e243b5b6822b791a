"""Imports the modules that register reminders (``portal.reminders``), so the command finds them all."""
