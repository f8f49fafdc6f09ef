"""Turns the query layer's facts into the spec's figures, phases and alerts. No widgets here."""
