"""The bot's one HTTP server (aiohttp) and what it serves: health, readiness, webhooks."""
