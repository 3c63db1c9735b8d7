"""Registers every flow in one explicit order (the order /help lists commands in)."""

from __future__ import annotations

from handlers import approvals, broadcast, menu, onboarding, units_admin
from handlers.routes import Routes


def build_routes() -> Routes:
    routes = Routes()
    onboarding.register(routes)
    menu.register(routes)
    approvals.register(routes)
    units_admin.register(routes)
    broadcast.register(routes)
    return routes
