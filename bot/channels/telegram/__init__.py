"""The Telegram channel: the only code that imports python-telegram-bot."""
