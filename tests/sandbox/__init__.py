"""Tests for the fake Bot API, driven through the real python-telegram-bot."""
