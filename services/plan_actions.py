"""Every plan item does what its kind says. Rules only: when each kind acts, its status, what the Office
records about it (owner, done / not done with a note and a file, sent upward), and the link between a
notice or an invitation and the item it carries out.

When a kind acts (nominal days; the sweep moves a weekend or holiday to the next working morning):
- submission: its reporting round (reminders of the round, unchanged);
- notice: on its due date the Office is asked to send it;
- meeting: seven days before its date the Office is asked to send the invitation;
- internal, outbound, decision: the owner (else the Office's admins) is reminded three days before and on
  the due date;
- an item without a due date ("theo giấy mời", "thường xuyên") acts on the first day of its quarter and
  is overdue after the quarter's last day.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import plain
from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.errors import Refusal
from services.plan_import import quarter_end
from services.plan_states import plan_in_force
from services.uploads import StoredUpload
from storage.models import Broadcast, ItemState, Plan, PlanItem, PlanItemAction, ReplyKind, RoundStatus
from storage.repos import accounts as account_repo
from storage.repos import plan_actions as repo
from storage.repos import rounds as round_repo

PROMPTED_KINDS = ("notice", "meeting")  # carried out by a broadcast
CHECKLIST_KINDS = ("internal", "outbound", "decision")  # the Office's own checklist
ACTED_KINDS = (*PROMPTED_KINDS, *CHECKLIST_KINDS)
NOTE_LIMIT = 1000


class ItemStatus(enum.StrEnum):
    DONE = "done"  # ✅ đã thực hiện
    NOT_DONE = "not_done"  # ✖️ không thực hiện (with a note)
    DUE = "due"  # ⏳ đến hạn
    UPCOMING = "upcoming"  # 🔜 sắp tới
    OVERDUE = "overdue"  # ⚠️ quá hạn


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def action_slots(item: PlanItem, year: int) -> list[tuple[str, date]]:
    """(label, nominal day) of each time the item acts; labels are unique per item."""
    if item.kind not in ACTED_KINDS:
        return []
    if item.due_on is None:
        return [("Q", quarter_start(year, item.quarter))]
    if item.kind == "notice":
        return [("D0", item.due_on)]
    if item.kind == "meeting":
        return [("D-7", item.due_on - timedelta(days=7))]
    return [("D-3", item.due_on - timedelta(days=3)), ("D0", item.due_on)]


def deadline_day(item: PlanItem, year: int) -> date:
    return item.due_on or quarter_end(year, item.quarter)


def status_of(item: PlanItem, year: int, action: PlanItemAction | None, today: date) -> ItemStatus:
    """The status of an item that is not a round (see :func:`round_status` for submissions)."""
    if action is not None and action.state == ItemState.DONE:
        return ItemStatus.DONE
    if action is not None and action.state == ItemState.NOT_DONE:
        return ItemStatus.NOT_DONE
    if today > deadline_day(item, year):
        return ItemStatus.OVERDUE
    slots = action_slots(item, year)
    if slots and today >= min(day for _, day in slots):
        return ItemStatus.DUE
    return ItemStatus.UPCOMING


def round_status(closed: bool, counts: dict[str, int], deadline: date, today: date) -> ItemStatus:
    """A submission item: done when its round is closed or nobody owes it any more."""
    owing = counts.get("missing", 0) + counts.get("returned", 0)
    if closed or (counts.get("total", 0) > 0 and owing == 0):
        return ItemStatus.DONE
    if today > deadline:
        return ItemStatus.OVERDUE
    if today >= deadline - timedelta(days=7):
        return ItemStatus.DUE
    return ItemStatus.UPCOMING


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One item as the Office's checklist and /kehoach show it."""

    item: PlanItem
    year: int
    status: ItemStatus
    action: PlanItemAction | None
    owner_name: str | None
    done_by_name: str | None
    # The broadcast that carried it out: how many it reached and how many answered what.
    counts: dict[str, int]
    broadcast: Broadcast | None = None

    @property
    def deadline(self) -> date:
        return deadline_day(self.item, self.year)


async def statuses(
    session: AsyncSession, plan: Plan, items: Sequence[PlanItem], today: date
) -> dict[int, tuple[ItemStatus, dict[str, int]]]:
    """Every item's status (rounds included) and, for a notice or an invitation, its answer counts."""
    actions = await repo.actions_of(session, [i.id for i in items])
    rounds = {r.plan_item_id: r for r in await round_repo.rounds(session, year=plan.year) if r.plan_item_id}
    round_counts = await round_repo.status_counts(session, [r.id for r in rounds.values()])
    broadcast_ids = [a.broadcast_id for a in actions.values() if a.broadcast_id is not None]
    answers = await repo.response_counts(session, broadcast_ids)
    result: dict[int, tuple[ItemStatus, dict[str, int]]] = {}
    for item in items:
        action = actions.get(item.id)
        counts = answers.get(action.broadcast_id, {}) if action and action.broadcast_id else {}
        round_ = rounds.get(item.id)
        if item.kind not in ACTED_KINDS and round_ is not None:
            deadline = round_.deadline.date()
            status = round_status(round_.status == RoundStatus.CLOSED, round_counts.get(round_.id, {}), deadline, today)
        else:
            status = status_of(item, plan.year, action, today)
        result[item.id] = (status, counts)
    return result


async def checklist(session: AsyncSession, actor: Actor, today: date) -> tuple[Plan, list[ItemLine]]:
    """The Office's checklist: every item of the current plan that is not a reporting round."""
    ensure_admin(actor, "plan_item.view")
    plan = await plan_in_force(session)
    if plan is None:
        raise Refusal("plan.none")
    items = [i for i in await round_repo.plan_items(session, plan.id) if i.kind in ACTED_KINDS]
    return plan, await _lines(session, plan, items, today)


async def item_line(session: AsyncSession, actor: Actor, item_id: int, today: date) -> ItemLine:
    ensure_admin(actor, "plan_item.view", target_type="plan_item", target_id=item_id)
    item, plan = await _item_of_plan(session, item_id)
    return (await _lines(session, plan, [item], today))[0]


async def _lines(session: AsyncSession, plan: Plan, items: Sequence[PlanItem], today: date) -> list[ItemLine]:
    actions = await repo.actions_of(session, [i.id for i in items])
    found = await statuses(session, plan, items, today)
    names: dict[int, str] = {}
    for row in actions.values():
        for account_id in (row.owner_id, row.done_by_id):
            if account_id is not None and account_id not in names:
                account = await account_repo.get(session, account_id)
                names[account_id] = account.display_name if account else "—"
    lines = []
    for item in items:
        action = actions.get(item.id)
        status, counts = found[item.id]
        broadcast = await session.get(Broadcast, action.broadcast_id) if action and action.broadcast_id else None
        lines.append(
            ItemLine(
                item=item,
                year=plan.year,
                status=status,
                action=action,
                owner_name=names.get(action.owner_id) if action and action.owner_id else None,
                done_by_name=names.get(action.done_by_id) if action and action.done_by_id else None,
                counts=counts,
                broadcast=broadcast,
            )
        )
    return lines


async def _item_of_plan(session: AsyncSession, item_id: int) -> tuple[PlanItem, Plan]:
    item = await repo.item(session, item_id)
    if item is None or item.kind not in ACTED_KINDS:
        raise Refusal("common.stale_button")
    plan = await session.get(Plan, item.plan_id)
    assert plan is not None
    return item, plan


async def take(session: AsyncSession, actor: Actor, item_id: int, now: datetime, owner_id: int | None = None) -> None:
    """An Office admin becomes the item's owner (the acting one unless named); reminders go to them."""
    ensure_admin(actor, "plan_item.take", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    owner_id = actor.account_id if owner_id is None else owner_id
    if owner_id not in {a.id for a in await account_repo.active_admins(session)}:
        raise Refusal("common.stale_button")  # only the Office's admins own its tasks
    action = await repo.action_for_update(session, item_id, now)
    before = action.owner_id
    action.owner_id, action.updated_at = owner_id, now
    await audit.record(
        session, actor, "plan_item.take", now, target_type="plan_item", target_id=item_id,
        details={"ref": item.ref, "owner": owner_id, "owner_before": before},
    )  # fmt: skip


async def possible_owners(session: AsyncSession, actor: Actor, item_id: int) -> list[tuple[int, str]]:
    """The Office's admins an item may be given to: (account id, name)."""
    ensure_admin(actor, "plan_item.take", target_type="plan_item", target_id=item_id)
    return [(a.id, a.display_name) for a in await account_repo.active_admins(session)]


async def finish(
    session: AsyncSession,
    actor: Actor,
    item_id: int,
    *,
    done: bool,
    note: str | None,
    upload: StoredUpload | None,
    now: datetime,
) -> PlanItemAction:
    """Done (for an outbound item: sent upward, the note saying to whom) or not done, with a note and a file.

    A notice or a meeting is usually done by sending it (:func:`carried_out`), but may be recorded by hand:
    a conference another body invited to and the Office attended, a campaign "nếu có" that did not happen.
    """
    ensure_admin(actor, "plan_item.finish", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_LIMIT:
        raise Refusal("pa.note_too_long", limit=NOTE_LIMIT, length=len(note))
    if not done and note is None:
        raise Refusal("pa.reason_needed")
    action = await repo.action_for_update(session, item_id, now)
    if action.state != ItemState.OPEN:
        raise Refusal("pa.already_finished", ref=item.ref)
    action.state = ItemState.DONE if done else ItemState.NOT_DONE
    action.note = note
    if done and item.kind == "outbound":
        action.sent_to = note[:255] if note else None
    if upload is not None:
        action.file_sha256, action.file_name, action.file_mime = upload.sha256, upload.file_name, upload.mime_type
    action.done_at, action.done_by_id, action.updated_at = now, actor.account_id, now
    await audit.record(
        session, actor, "plan_item.done" if done else "plan_item.not_done", now, target_type="plan_item",
        target_id=item_id, details={"ref": item.ref, "kind": item.kind, "file": upload.file_name if upload else None},
    )  # fmt: skip
    return action


async def reopen(session: AsyncSession, actor: Actor, item_id: int, now: datetime) -> None:
    """Undo a mistaken "done" or "not done"; the earlier record stays in the audit log."""
    ensure_admin(actor, "plan_item.reopen", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    action = await repo.action_for_update(session, item_id, now)
    if action.state == ItemState.OPEN:
        raise Refusal("common.stale_button")
    before = {"ref": item.ref, "state": action.state.value, "note": action.note, "file": action.file_name}
    action.state, action.done_at, action.done_by_id, action.updated_at = ItemState.OPEN, None, None, now
    await audit.record(
        session, actor, "plan_item.reopen", now, target_type="plan_item", target_id=item_id, details=before
    )


@dataclass(frozen=True, slots=True)
class Prefill:
    item_id: int
    ref: str
    kind: str
    text: str
    reply_kind: ReplyKind


async def prefill(session: AsyncSession, actor: Actor, item_id: int) -> Prefill:
    """What /thongbao starts from for a notice or a meeting of the plan."""
    ensure_admin(actor, "broadcast.compose", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    if item.kind not in PROMPTED_KINDS:
        raise Refusal("common.stale_button")
    task = item.task.strip().rstrip(".")
    if item.kind == "meeting":
        text, reply = plain("pa.invite_text", task=task), ReplyKind.MEETING
    else:
        deliverable = f"\n{item.deliverable.strip()}" if item.deliverable else ""
        text, reply = f"{task}.{deliverable}", ReplyKind.ACK
    return Prefill(item.id, item.ref, item.kind, text, reply)


async def ensure_broadcastable(session: AsyncSession, item_id: int) -> None:
    """A draft may name a plan item only if it is a notice or a meeting (re-checked on the server)."""
    item = await repo.item(session, item_id)
    if item is None or item.kind not in PROMPTED_KINDS:
        raise Refusal("common.stale_button")


async def carried_out(session: AsyncSession, actor: Actor, broadcast: Broadcast, now: datetime) -> None:
    """A confirmed notice or invitation made from a plan item marks the item done (the latest one counts)."""
    if broadcast.plan_item_id is None:
        return
    action = await repo.action_for_update(session, broadcast.plan_item_id, now)
    action.state, action.broadcast_id = ItemState.DONE, broadcast.id
    action.done_at, action.done_by_id, action.updated_at = now, actor.account_id, now
    await audit.record(
        session, actor, "plan_item.done", now, target_type="plan_item", target_id=broadcast.plan_item_id,
        details={"broadcast": broadcast.id},
    )  # fmt: skip


async def attendance(
    session: AsyncSession, actor: Actor, item_id: int, now: datetime, *, export: bool = True
) -> tuple[PlanItem, Broadcast, list[repo.Attendee]]:
    """Who the invitation reached and what each answered; the Excel export of it is audited."""
    ensure_admin(actor, "plan_item.attendance", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    action = (await repo.actions_of(session, [item_id])).get(item_id)
    broadcast = await session.get(Broadcast, action.broadcast_id) if action and action.broadcast_id else None
    if broadcast is None or broadcast.reply_kind != ReplyKind.MEETING:
        raise Refusal("pa.no_invitation", ref=item.ref)
    rows = await repo.attendees(session, broadcast.id)
    if not export:
        return item, broadcast, rows
    await audit.record(
        session, actor, "plan_item.attendance_export", now, target_type="plan_item", target_id=item_id,
        details={"broadcast": broadcast.id, "rows": len(rows)},
    )  # fmt: skip
    return item, broadcast, rows


async def item_file(
    session: AsyncSession, actor: Actor, item_id: int, now: datetime
) -> tuple[PlanItem, PlanItemAction]:
    """The file recorded with a checklist item, for the Office to fetch back (audited as a read)."""
    ensure_admin(actor, "plan_item.file", target_type="plan_item", target_id=item_id)
    item, _ = await _item_of_plan(session, item_id)
    action = (await repo.actions_of(session, [item_id])).get(item_id)
    if action is None or action.file_sha256 is None:
        raise Refusal("common.stale_button")
    await audit.record(
        session, actor, "plan_item.file_read", now, target_type="plan_item", target_id=item_id,
        details={"file": action.file_name},
    )  # fmt: skip
    return item, action


@dataclass(frozen=True, slots=True)
class OverdueItem:
    ref: str
    task: str
    kind: str
    deadline: date
    owner_name: str | None


async def overdue(session: AsyncSession, today: date) -> list[OverdueItem]:
    """Internal and outbound items of the current plan past their date and not finished (the Office digest)."""
    plan = await plan_in_force(session)
    if plan is None:
        return []
    items = [i for i in await round_repo.plan_items(session, plan.id) if i.kind in ("internal", "outbound")]
    lines = await _lines(session, plan, items, today)
    return [
        OverdueItem(line.item.ref, line.item.task, line.item.kind, line.deadline, line.owner_name)
        for line in lines
        if line.status == ItemStatus.OVERDUE
    ]
