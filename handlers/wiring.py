"""Registers every flow in one explicit order (the order /help lists commands in)."""

from __future__ import annotations

from handlers import (
    approvals,
    broadcast,
    export,
    menu,
    missing_units,
    my_channels,
    my_tasks,
    office_checklist,
    onboarding,
    plan_view,
    plan_years,
    questions,
    register_emulation,
    registration_office,
    reminders_admin,
    review,
    round_units,
    rounds_admin,
    status_overview,
    submit_report,
    units_admin,
)
from handlers.routes import Routes
from handlers.yearend import ballot, dossiers, history, scoring


def build_routes() -> Routes:
    routes = Routes()
    # Everyone
    onboarding.register(routes)
    menu.register(routes)
    my_channels.register(routes)
    # Officers of a unit
    plan_view.register(routes)
    my_tasks.register(routes)
    submit_report.register(routes)
    register_emulation.register(routes)
    # The Office and the leadership
    status_overview.register(routes)
    missing_units.register(routes)
    review.register(routes)
    registration_office.register(routes)
    rounds_admin.register(routes)
    plan_years.register(routes)
    round_units.register(routes)
    reminders_admin.register(routes)
    export.register(routes)
    approvals.register(routes)
    units_admin.register(routes)
    broadcast.register(routes)
    office_checklist.register(routes)
    # The year's second half: cross-check, dossiers, the council's ballot, decisions and the record
    scoring.register(routes)
    dossiers.register(routes)
    ballot.register(routes)
    history.register(routes)
    # Free text outside a flow (the dispatcher calls it); here only its suggestion buttons
    questions.register(routes)
    return routes
