"""Registers every flow in one explicit order (the order /help lists commands in)."""

from __future__ import annotations

from handlers import approvals, menu, onboarding, register_emulation, registration_office, units_admin
from handlers.routes import Routes


def build_routes() -> Routes:
    routes = Routes()
    onboarding.register(routes)
    menu.register(routes)
    approvals.register(routes)
    units_admin.register(routes)
    register_emulation.register(routes)
    registration_office.register(routes)
    return routes
