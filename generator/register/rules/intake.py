"""Codes of the intake register (R11, generator.intake), listed with the other rules."""

from __future__ import annotations

from generator.register.intake import document_codes

document_codes()
