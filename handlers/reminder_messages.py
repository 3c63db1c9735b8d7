"""How reminders read: catalogue texts and the "Nộp báo cáo" button ("Đăng ký thi đua" for a registration
round). The engine decides when."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.catalog import Ref, label, t
from core.clock import fmt_date, fmt_datetime
from core.messages import Choice, Reply
from core.text import EMPTY, RichText
from handlers import plan_action_messages
from handlers.register_emulation_state import start_button
from handlers.routes import callback_data
from services.plan_action_content import ItemPrompt, MeetingEve
from services.reminder_content import (
    Content,
    OfficeDigest,
    QuarterDigest,
    RoundMissing,
    RoundReminder,
    UnreachableUnits,
)
from services.rounds import days_left

ROMAN = ("I", "II", "III", "IV")


def submit_button(round_id: int) -> Choice:
    """Starts /nopbaocao for this round (the ``sb`` prefix belongs to the submission flow)."""
    return Choice(label("remind.submit_button"), callback_data("sb", "r", round_id))


class ReminderMessages:
    def __init__(self, tz: ZoneInfo, contact_name: str | None = None, contact_phone: str | None = None) -> None:
        self.tz = tz
        self.contact_name = contact_name
        self.contact_phone = contact_phone

    def __call__(self, content: Content, now: datetime) -> Reply | None:
        if isinstance(content, RoundReminder):
            return self.round_reminder(content, now)
        if isinstance(content, QuarterDigest):
            return self.quarter_digest(content)
        if isinstance(content, OfficeDigest):
            return self.office_digest(content, now)
        if isinstance(content, ItemPrompt | MeetingEve):
            return plan_action_messages.render(content, now, self.tz)
        return self.unreachable(content)

    def _contact(self) -> RichText:
        if self.contact_name and self.contact_phone:
            return t("remind.contact_person", name=self.contact_name, phone=self.contact_phone)
        if self.contact_name:
            return t("remind.contact_name", name=self.contact_name)
        return t("remind.contact_office")

    def round_reminder(self, content: RoundReminder, now: datetime) -> Reply:
        left = days_left(content.deadline, now, self.tz)
        deadline = fmt_datetime(content.deadline, self.tz)
        if left > 0:
            text = t("remind.before", n=left, name=content.round_name, deadline=deadline, unit=content.unit_name)
        elif left == 0:
            local = content.deadline.astimezone(self.tz)
            text = t("remind.today", name=content.round_name, time=f"{local:%H:%M}", date=fmt_date(local, self.tz))
        else:
            text = t(
                "remind.overdue",
                name=content.round_name,
                unit=content.unit_name,
                n=-left,
                deadline=deadline,
                contact=self._contact(),
            )
        if content.returned:
            text += t("remind.returned_note")
        button = start_button(content.round_id) if content.registration else submit_button(content.round_id)
        return Reply(text=text, buttons=((button,),))

    def quarter_digest(self, content: QuarterDigest) -> Reply:
        quarter = ROMAN[content.quarter - 1]
        lines = [t("remind.quarter_header", quarter=quarter, year=content.year, unit=content.unit_name)]
        for item in content.items:
            due = (
                item.due_on.strftime("%d/%m/%Y")
                if item.due_on
                else item.due_note or t("remind.due_unknown")
            )  # fmt: skip
            lines.append(
                t("remind.quarter_item", ref=item.ref, task=item.task, role=Ref(f"remind.role.{item.role}"), due=due)
            )
        lines.append(t("remind.quarter_footer"))
        return Reply(text=RichText.join(lines))

    def office_digest(self, content: OfficeDigest, now: datetime) -> Reply | None:
        if not content.rounds and not content.items:
            return None
        local = now.astimezone(self.tz)
        key = "office.weekly_header" if content.weekly else "office.after_deadline_header"
        lines = [t(key, time=f"{local:%H:%M}", date=fmt_date(local, self.tz))]
        for block in content.rounds:
            lines += self._round_block(block, now)
        lines += plan_action_messages.digest_lines(content.items, self.tz)
        return Reply(text=RichText.join(lines))

    def _round_block(self, block: RoundMissing, now: datetime) -> list[RichText]:
        paused = t("office.round_paused") if block.paused else EMPTY
        lines = [
            t(
                "office.round_header",
                name=block.name.upper(),
                deadline=fmt_datetime(block.deadline, self.tz),
                paused=paused,
            )
        ]
        for number, unit in enumerate(block.missing, 1):
            marks = RichText.join(
                (
                    t(key)
                    for key, on in (
                        ("office.mark_returned", unit.returned),
                        ("office.mark_paused", unit.paused),
                        ("office.mark_no_account", not unit.reachable),
                    )
                    if on
                ),
                sep="",
            )
            left = days_left(unit.deadline, now, self.tz)
            if left < 0:
                line = t("office.line_overdue", n=number, unit=unit.name, days=-left, marks=marks)
            elif left == 0:
                line = t("office.line_today", n=number, unit=unit.name, marks=marks)
            else:
                line = t("office.line_left", n=number, unit=unit.name, days=left, marks=marks)
            lines.append(line)
        counts = block.counts
        lines.append(
            t(
                "office.summary",
                a=counts.get("submitted", 0) + counts.get("accepted", 0),
                total=counts.get("total", 0),
                b=counts.get("missing", 0),
                c=counts.get("returned", 0),
                d=counts.get("late", 0),
            )
        )
        return lines

    def unreachable(self, content: UnreachableUnits) -> Reply | None:
        """Grouped by round, so thirty units without an account stay one short message."""
        if not content.units:
            return None
        by_round: dict[str, list[str]] = {}
        for unit, rounds in content.units:
            for name in rounds or ("",):
                by_round.setdefault(name, []).append(unit)
        lines = [t("office.flag_header")]
        for name, units in by_round.items():
            key = "office.flag_round" if name else "office.flag_no_round"
            lines.append(t(key, name=name, units="; ".join(units)))
        lines.append(t("office.flag_footer"))
        return Reply(text=RichText.join(lines))
