"""One reminder row sent: start it, push it to each recipient, record what came of it.

The path every reminder takes, automatic (the sweep) or manual (/chuanop "Gửi nhắc tất cả"): the row
was claimed in a committed transaction; ``start_send`` marks it started (so a crash from here on is
"maybe sent", never resent); each recipient is pushed on its own; the outcome is committed:

- any recipient that surely did not get it and may later (429, 5xx): ``failed``, retryable for them only;
- else anyone delivered: ``sent``;
- else anyone whose send may have arrived (timeout, dropped connection): ``unknown``, never resent;
- else (blocked, refused): ``failed``, not retryable.

Each recipient is one channel of a person (an identity): the lists in ``details`` ("delivered",
"blocked", "unknown", "failed") hold identity ids. A blocked channel is marked unreachable.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.delivery import Address
from core.messages import Reply
from services.delivery import Sending
from services.reminder_planner import Recipient
from storage.models import DeliveryStatus
from storage.repos import identities as identity_repo
from storage.repos import reminders as repo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RowResult:
    status: DeliveryStatus | None  # None: another sweep had already started this row
    error: str | None = None
    delivered: tuple[int, ...] = ()
    blocked: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()
    unknown: tuple[int, ...] = ()


def row_status(delivered: Sequence[int], retryable: Sequence[int], unknown: Sequence[int]) -> DeliveryStatus:
    if retryable:
        return DeliveryStatus.FAILED
    if delivered:
        return DeliveryStatus.SENT
    if unknown:
        return DeliveryStatus.UNKNOWN
    return DeliveryStatus.FAILED


async def send_row(
    out: Sending,
    delivery_id: int,
    claimed_at: datetime,
    recipients: Sequence[Recipient],
    reply: Reply,
    details: dict[str, Any],
) -> RowResult:
    async with out.db.transaction() as session:
        started = await repo.start_send(session, delivery_id, claimed_at, len(recipients))
    if not started:
        return RowResult(None)
    delivered: list[int] = list(details.get("delivered", []))
    blocked: list[int] = []
    failed: list[int] = []
    retryable: list[int] = []
    unknown: list[int] = list(details.get("unknown", []))
    errors: list[str] = []
    for recipient in recipients:
        outcome = await out.outbound.deliver(Address(recipient.platform, recipient.chat_id), reply)
        account = recipient.identity_id  # the channel: a person's other channel may still be sent to
        if outcome.status == "delivered":
            delivered.append(account)
        elif outcome.status == "blocked":
            blocked.append(account)
        elif outcome.status == "unknown":
            unknown.append(account)
            errors.append(f"#{account}: {outcome.reason} (may have been delivered; not resent)")
        else:
            failed.append(account)
            errors.append(f"#{account}: {outcome.reason}")
            if outcome.retryable:
                retryable.append(account)
    status = row_status(delivered, retryable, unknown)
    error = "; ".join(errors) or (None if delivered else "blocked")
    recorded: dict[str, Any] = {
        **details,
        "delivered": delivered,
        "blocked": sorted({*details.get("blocked", []), *blocked}),
        "unknown": unknown,
        "failed": failed,
        "retryable": bool(retryable),
    }
    async with out.db.transaction() as session:
        now = out.clock.now()
        await repo.finish(
            session, [delivery_id], status=status, now=now, recipients=len(delivered), error=error, details=recorded
        )
        if blocked:
            await identity_repo.mark_unreachable_ids(session, blocked, now)
    if blocked:
        log.info("reminder row %s: channels %s cannot be reached; marked unreachable", delivery_id, blocked)
    return RowResult(status, error, tuple(delivered), tuple(blocked), tuple(failed), tuple(unknown))
