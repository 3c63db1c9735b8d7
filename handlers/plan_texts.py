"""Texts of a rolled-over plan shared by the chat and the command line: dates moved, units changed."""

from __future__ import annotations

from core.catalog import Ref, has, t
from services.plan_rollover import Rollover

WEEKDAY_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}


def report_lines(rollover: Rollover, names: dict[str, str]) -> list[str]:
    """The shifts and unit changes, as the chat and the command line show them."""
    lines: list[str] = []
    if rollover.shifts:
        lines.append(str(t("plans.shifts_header")).rstrip("\n"))
        for s in rollover.shifts:
            why = f" ({s.reason or WEEKDAY_NAMES.get(s.same_day.weekday(), '')})"
            lines.append(
                str(
                    t(
                        "plans.shift_line",
                        ref=s.ref,
                        same=f"{s.same_day:%d/%m/%Y}",
                        moved=f"{s.moved_to:%d/%m/%Y}",
                        why=why,
                    )
                ).rstrip("\n")
            )
    if rollover.unit_changes:
        lines.append(str(t("plans.unit_header", year=rollover.year)).rstrip("\n"))
        for c in rollover.unit_changes:
            before = selector_name(c.before, names)
            if c.after:
                after = "; ".join(selector_name(a, names) for a in c.after)
                lines.append(str(t("plans.unit_replaced", ref=c.ref, before=before, after=after)).rstrip("\n"))
            else:
                why = Ref(f"plans.why.{c.reason}")
                lines.append(str(t("plans.unit_dropped", ref=c.ref, before=before, why=why)).rstrip("\n"))
    return lines


def selector_name(selector: str, names: dict[str, str]) -> str:
    kind, _, code = selector.rpartition(":")
    if not kind:
        key = f"plan.group.{code}"
        return str(t(key)) if has(key) else code
    return names.get(code, code)
