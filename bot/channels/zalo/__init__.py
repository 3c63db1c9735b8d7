"""The Zalo Bot channel: the only code that speaks the Zalo Bot API (a small client on httpx)."""
