"""The bot's one HTTP server (aiohttp): health, readiness, webhooks, download links, the upload page."""
