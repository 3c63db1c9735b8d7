"""The Office's notices: what may be sent, the draft and its confirmation, answers, reports.

Policies (see the module's tests):
- The admin's text is plain text: it is escaped, so "<b>" or "&" arrive literally and can never
  break the message. The bot's own frame (title, closing line) is the only markup.
- One notice is one Telegram message per recipient. A text that does not fit (4,096 characters,
  1,024 with a file or photo, frame included) is refused with the limit, never split: a split
  notice could arrive half, and "exactly once" is per message.
- The draft is written with its recipients at preview (the outbox), so the count the admin
  confirms is the count that is sent; confirming is one conditional update, so a second press
  changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from core.catalog import Ref, plain, t
from core.channel import TELEGRAM
from core.text import RichText, to_plain
from services import audit, plan_actions
from services.access import ensure_admin
from services.actors import Actor
from services.broadcast_audience import Audience, Resolution, resolve
from services.errors import Refusal
from storage.models import Broadcast, BroadcastStatus, RecipientState, ReplyKind, Response, Unit
from storage.repos import accounts as account_repo
from storage.repos import broadcasts as repo
from storage.repos import units as unit_repo
from storage.repos.broadcasts import RecipientLine

STORED = "stored"  # an attachment the bot made, in the file store by sha256 (not a Telegram file_id)
# One notice is one message: it must fit the channel's limits as a whole (Telegram's today).
MESSAGE_LIMIT = TELEGRAM.text_limit
CAPTION_LIMIT = TELEGRAM.caption_limit
REPORTED_PROBLEMS = 30
_LOOKS_LIKE_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?>")

ANSWERS: Mapping[ReplyKind, tuple[Response, ...]] = {
    ReplyKind.NONE: (),
    ReplyKind.ACK: (Response.RECEIVED,),
    ReplyKind.MEETING: (Response.ATTEND, Response.DELEGATE, Response.ABSENT),
}


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: str  # "document" | "photo" | STORED
    file_id: str
    name: str | None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "file_id": self.file_id, "name": self.name}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Attachment | None:
        if not data:
            return None
        kind = "photo" if data.get("kind") == "photo" else "document"
        name = data.get("name")
        return cls(kind, str(data.get("file_id") or ""), None if name is None else str(name))


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    reply_kind: ReplyKind
    attachment: Attachment | None
    audience: Audience
    plan_item_id: int | None = None  # a notice or invitation that carries out this plan item
    meeting_at: datetime | None = None  # an invitation's time, aware, in the time zone it is shown in
    meeting_place: str | None = None

    @property
    def full_text(self) -> str:
        """The admin's text, with an invitation's time and place under it."""
        if self.reply_kind != ReplyKind.MEETING or self.meeting_at is None:
            return self.text
        lines = [
            self.text,
            "",
            plain("pa.meeting_when", when=f"{self.meeting_at:%H:%M} ngày {self.meeting_at:%d/%m/%Y}"),
        ]
        if self.meeting_place:
            lines.append(plain("pa.meeting_place", place=self.meeting_place))
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Report:
    broadcast: Broadcast
    author: str
    counts: dict[RecipientState, int]
    responses: dict[Response, int]
    unreached: Sequence[Unit]
    problems: Sequence[RecipientLine]


def ensure_can_broadcast(actor: Actor) -> None:
    ensure_admin(actor, "broadcast.compose")


def clean_text(text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise Refusal("bc.empty")
    return value


def render_body(text: str, reply_kind: ReplyKind) -> RichText:
    """The message every recipient gets; the admin's text is escaped by ``t``."""
    return t("bc.body", text=text, footer=Ref(f"bc.footer.{reply_kind.value}"))


def visible_length(text: RichText) -> int:
    """Length as Telegram counts it: the text without its marks, in UTF-16 code units."""
    return len(to_plain(text).strip().encode("utf-16-le")) // 2


def check_fits(text: str, reply_kind: ReplyKind, attachment: Attachment | None) -> RichText:
    """The rendered body, or a refusal naming the limit for the admin's own text."""
    body = render_body(text, reply_kind)
    limit, key = (CAPTION_LIMIT, "bc.caption_too_long") if attachment else (MESSAGE_LIMIT, "bc.too_long")
    length = visible_length(body)
    if length > limit:
        frame = visible_length(render_body("x", reply_kind)) - 1
        raise Refusal(key, limit=limit - frame, length=length - frame)
    return body


def text_limit(attachment: Attachment | None) -> int:
    """How long the admin's own text may be: Telegram's limit less the bot's longest frame."""
    frame = max(visible_length(render_body("x", kind)) - 1 for kind in ReplyKind)
    return (CAPTION_LIMIT if attachment else MESSAGE_LIMIT) - frame


def check_fits_every_reply(text: str, attachment: Attachment | None) -> None:
    """While composing the answer buttons are not chosen yet: the text must fit with the longest frame."""
    longest = max(ReplyKind, key=lambda kind: visible_length(render_body("x", kind)))
    check_fits(text, longest, attachment)


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


def excerpt(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


async def create_draft(
    session: AsyncSession, actor: Actor, draft: Draft, now: datetime, today: date
) -> tuple[Broadcast, Resolution]:
    """Write the notice and one row per recipient; nothing is sent until it is confirmed."""
    ensure_can_broadcast(actor)
    if draft.plan_item_id is not None:
        await plan_actions.ensure_broadcastable(session, draft.plan_item_id)
    body = check_fits(draft.full_text, draft.reply_kind, draft.attachment)
    resolution = await resolve(session, draft.audience, today)
    if not resolution.targets:
        raise Refusal("bc.empty_audience", audience=resolution.label)
    attachment = draft.attachment
    broadcast = Broadcast(
        status=BroadcastStatus.DRAFT,
        reply_kind=draft.reply_kind,
        text=draft.text,
        body_html=body.markup,
        attachment_kind=attachment.kind if attachment else None,
        attachment_tg_file_id=attachment.file_id if attachment and attachment.kind != STORED else None,
        attachment_sha256=attachment.file_id if attachment and attachment.kind == STORED else None,
        attachment_name=attachment.name if attachment else None,
        audience=draft.audience.to_json(),
        audience_label=resolution.label,
        unreached_unit_ids=[unit.id for unit in resolution.unreached],
        total=len(resolution.targets),
        created_by_id=actor.account_id,
        created_at=now,
        plan_item_id=draft.plan_item_id,
        meeting_at=draft.meeting_at if draft.reply_kind == ReplyKind.MEETING else None,
        meeting_place=draft.meeting_place if draft.reply_kind == ReplyKind.MEETING else None,
    )
    await repo.add(session, broadcast, resolution.targets)
    return broadcast, resolution


async def confirm(session: AsyncSession, actor: Actor, broadcast_id: int, identity_id: int, now: datetime) -> Broadcast:
    """Hand the draft to the sender. Only a draft can be confirmed, and only once; the progress is shown
    on the chat identity it was confirmed from (``identity_id``)."""
    ensure_admin(actor, "broadcast.send", target_type="broadcast", target_id=broadcast_id)
    broadcast = await _existing(session, broadcast_id)
    confirmed = await repo.change_status(
        session,
        broadcast_id,
        BroadcastStatus.DRAFT,
        BroadcastStatus.SENDING,
        confirmed_by_id=actor.account_id,
        confirmed_at=now,
        progress_identity_id=identity_id,
    )
    if not confirmed:
        _refuse_not_draft(broadcast)
    await session.refresh(broadcast)
    await audit.record(
        session,
        actor,
        "broadcast.send",
        now,
        target_type="broadcast",
        target_id=broadcast.id,
        details={
            "recipients": broadcast.total,
            "audience": broadcast.audience,
            "reply": broadcast.reply_kind.value,
            "attachment": broadcast.attachment_kind,
            "plan_item": broadcast.plan_item_id,
            "meeting_at": broadcast.meeting_at.isoformat() if broadcast.meeting_at else None,
            "meeting_place": broadcast.meeting_place,
        },
    )
    await plan_actions.carried_out(session, actor, broadcast, now)
    return broadcast


async def refuse_stale_confirm(session: AsyncSession, actor: Actor, broadcast_id: int) -> NoReturn:
    """A confirm button the admin's dialog no longer stands behind (cancelled, replaced, expired):
    refused, saying what became of that notice; nothing is sent."""
    ensure_admin(actor, "broadcast.send", target_type="broadcast", target_id=broadcast_id)
    _refuse_not_draft(await _existing(session, broadcast_id))


async def drop_draft(session: AsyncSession, actor: Actor, broadcast_id: int, now: datetime) -> None:
    """Cancel a draft (the admin cancels or edits it); a notice already sent stays sent."""
    ensure_admin(actor, "broadcast.cancel", target_type="broadcast", target_id=broadcast_id)
    broadcast = await _existing(session, broadcast_id)
    if await repo.change_status(session, broadcast_id, BroadcastStatus.DRAFT, BroadcastStatus.CANCELLED):
        await repo.drop_recipients(session, broadcast_id)
        await audit.record(session, actor, "broadcast.cancel", now, target_type="broadcast", target_id=broadcast_id)
    elif broadcast.status in (BroadcastStatus.SENDING, BroadcastStatus.DONE):
        raise Refusal("bc.already_sent", id=broadcast.id)


async def answer(
    session: AsyncSession, actor: Actor, recipient_id: int, response: Response, now: datetime
) -> Broadcast:
    """A recipient's button. Only that recipient's account may answer, with an answer the notice offers."""
    recipient = await repo.recipient(session, recipient_id)
    if recipient is None:
        raise Refusal("common.stale_button")
    if recipient.account_id != actor.account_id:
        raise Refusal("bc.ack_not_yours")
    broadcast = await _existing(session, recipient.broadcast_id)
    if response not in ANSWERS[broadcast.reply_kind]:
        raise Refusal("common.stale_button")
    if recipient.state == RecipientState.UNKNOWN:  # an answer proves the message arrived
        recipient.state, recipient.error = RecipientState.DELIVERED, None
    elif recipient.state not in (RecipientState.SENDING, RecipientState.DELIVERED):
        raise Refusal("common.stale_button")
    recipient.response, recipient.responded_at = response, now
    await session.flush()
    # The person's latest answer is their answer, whichever of their channels it came from.
    await repo.clear_other_answers(session, recipient)
    return broadcast


async def report(session: AsyncSession, actor: Actor, broadcast_id: int) -> Report:
    ensure_admin(actor, "broadcast.view", target_type="broadcast", target_id=broadcast_id)
    return await build_report(session, broadcast_id)


async def build_report(session: AsyncSession, broadcast_id: int) -> Report:
    broadcast = await _existing(session, broadcast_id)
    if broadcast.status in (BroadcastStatus.DRAFT, BroadcastStatus.CANCELLED):
        raise Refusal("bc.unknown")
    author = await account_repo.get(session, broadcast.created_by_id)
    problems = await repo.recipient_lines(
        session, broadcast_id, states=(RecipientState.FAILED, RecipientState.UNKNOWN, RecipientState.BLOCKED)
    )
    return Report(
        broadcast=broadcast,
        author=author.display_name if author else "—",
        counts=(await repo.state_counts(session, [broadcast_id]))[broadcast_id],
        responses=await repo.response_counts(session, broadcast_id),
        unreached=await unit_repo.by_ids(session, broadcast.unreached_unit_ids),
        problems=problems,
    )


async def history(
    session: AsyncSession, actor: Actor, before_id: int | None, limit: int
) -> list[tuple[Broadcast, dict[RecipientState, int]]]:
    ensure_admin(actor, "broadcast.view")
    broadcasts = await repo.history(session, before_id=before_id, limit=limit)
    counts = await repo.state_counts(session, [b.id for b in broadcasts])
    return [(b, counts[b.id]) for b in broadcasts]


async def answered(session: AsyncSession, actor: Actor, broadcast_id: int) -> tuple[Broadcast, Sequence[RecipientLine]]:
    ensure_admin(actor, "broadcast.view", target_type="broadcast", target_id=broadcast_id)
    broadcast = await _existing(session, broadcast_id)
    return broadcast, await repo.recipient_lines(session, broadcast_id, answered=True)


async def not_answered(
    session: AsyncSession, actor: Actor, broadcast_id: int
) -> tuple[Broadcast, Sequence[RecipientLine]]:
    """Recipients the notice reached who have not pressed a button yet."""
    ensure_admin(actor, "broadcast.view", target_type="broadcast", target_id=broadcast_id)
    broadcast = await _existing(session, broadcast_id)
    lines = await repo.recipient_lines(session, broadcast_id, states=(RecipientState.DELIVERED,), answered=False)
    return broadcast, lines


async def _existing(session: AsyncSession, broadcast_id: int) -> Broadcast:
    broadcast = await repo.get(session, broadcast_id)
    if broadcast is None:
        raise Refusal("bc.unknown")
    return broadcast


def _refuse_not_draft(broadcast: Broadcast) -> NoReturn:
    if broadcast.status in (BroadcastStatus.SENDING, BroadcastStatus.DONE):
        raise Refusal("bc.already_sent", id=broadcast.id)
    raise Refusal("bc.draft_dropped")
