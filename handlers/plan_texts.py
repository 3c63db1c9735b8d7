"""Texts of a rolled-over plan shared by the chat and the command line: dates moved, units changed."""

from __future__ import annotations

from datetime import date

from core.catalog import Ref, has, plain, t
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import int_arg
from services.errors import Refusal
from services.plan_rollover import Rollover
from storage.models import PlanItem, Unit

PREFIX = "ny"  # the buttons of the plan's year (handlers/plan_years.py, plan_item_edit.py)
FLOW = "plan_years"
NAMES_SHOWN = 3

WEEKDAY_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}


def report_lines(rollover: Rollover, names: dict[str, str]) -> list[RichText]:
    """The shifts and unit changes, as the chat and the command line show them."""
    lines: list[RichText] = []
    if rollover.shifts:
        lines.append(t("plans.shifts_header").strip())
        for s in rollover.shifts:
            why = f" ({s.reason or WEEKDAY_NAMES.get(s.same_day.weekday(), '')})"
            line = t(
                "plans.shift_line", ref=s.ref, same=f"{s.same_day:%d/%m/%Y}", moved=f"{s.moved_to:%d/%m/%Y}", why=why
            )
            lines.append(line.strip())
    if rollover.unit_changes:
        lines.append(t("plans.unit_header", year=rollover.year).strip())
        for c in rollover.unit_changes:
            before = selector_name(c.before, names)
            if c.after:
                after = "; ".join(selector_name(a, names) for a in c.after)
                lines.append(t("plans.unit_replaced", ref=c.ref, before=before, after=after).strip())
            else:
                why = Ref(f"plans.why.{c.reason}")
                lines.append(t("plans.unit_dropped", ref=c.ref, before=before, why=why).strip())
    return lines


def selector_name(selector: str, names: dict[str, str]) -> str:
    """A submitter selector's name as plain text (a unit's name, or a group's)."""
    kind, _, code = selector.rpartition(":")
    if not kind:
        key = f"plan.group.{code}"
        return plain(key) if has(key) else code
    return names.get(code, code)


def item_ref(item: PlanItem) -> str:
    return f"{('I', 'II', 'III', 'IV')[item.quarter - 1]}.{item.item_no}"


def int_args(args: list[str], count: int) -> list[int]:
    values = [int_arg(args, i) for i in range(count)]
    if any(v is None for v in values):
        raise Refusal("common.stale_button")
    return [v for v in values if v is not None]


def owing_text(units: list[Unit]) -> RichText | str:
    if not units:
        return Ref("plans.owing_none")
    names = ", ".join(u.short_name or u.name for u in units[:NAMES_SHOWN]) + ("…" if len(units) > NAMES_SHOWN else "")
    return t("plans.owing", names=names, n=len(units))


def due_text(ctx: FlowContext, day: date | None) -> str | Ref:
    return ctx.date_only(day) if day else Ref("plans.due_none")


def lead_name(code: str | None) -> str:
    return selector_name(code, {}) if code else "—"
