"""Registers every flow in one explicit order (the order /help lists commands in)."""

from __future__ import annotations

from handlers import approvals, export, menu, onboarding, round_units, rounds_admin, units_admin
from handlers.routes import Routes


def build_routes() -> Routes:
    routes = Routes()
    onboarding.register(routes)
    menu.register(routes)
    approvals.register(routes)
    units_admin.register(routes)
    rounds_admin.register(routes)
    round_units.register(routes)
    export.register(routes)
    return routes
