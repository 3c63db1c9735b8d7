"""Fake Telegram Bot API and scripted users, so the bot can run without Telegram or a token."""
