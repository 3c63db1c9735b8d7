"""The bot's HTTP server and what it serves: the Zalo webhook, download links, the upload page."""
