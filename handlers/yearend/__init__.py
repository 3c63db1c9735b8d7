"""The year's second half in chat: cross-check scoring, dossiers, the council's ballot, decisions and the record."""
