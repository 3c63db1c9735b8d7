"""How a notice, its progress and its report look. Shared by the flows and the background sender,
so the preview is built by the very code that builds what recipients get."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from core.catalog import Ref, has, label, t
from core.clock import fmt_datetime
from core.messages import Choice, OutgoingDocument, Reply
from core.text import RichText
from handlers.context import Keyboard
from handlers.routes import callback_data
from services.broadcasts import ANSWERS, REPORTED_PROBLEMS, STORED, Report, excerpt
from storage.models import RecipientState, ReplyKind, Response
from storage.repos.broadcasts import RecipientLine

PREFIX = "bc"
# Short codes keep the answer buttons' data well inside Telegram's 64 bytes.
ANSWER_CODES: Mapping[Response, str] = {
    Response.RECEIVED: "r",
    Response.ATTEND: "a",
    Response.DELEGATE: "d",
    Response.ABSENT: "x",
}
RESPONSE_OF_CODE: Mapping[str, Response] = {code: response for response, code in ANSWER_CODES.items()}
MAX_PEOPLE_LISTED = 150


def notice_buttons(reply_kind: ReplyKind, recipient_id: int | None) -> Keyboard:
    """The recipient's answer buttons; in the preview (no recipient yet) they only explain themselves."""
    answers = ANSWERS[reply_kind]
    if not answers:
        return ()

    def data(response: Response) -> str:
        if recipient_id is None:
            return callback_data(PREFIX, "pv")
        return callback_data(PREFIX, "ack", recipient_id, ANSWER_CODES[response])

    return (tuple(Choice(label(f"bc.button.{response.value}"), data(response)) for response in answers),)


def notice(
    body_html: str,
    reply_kind: ReplyKind,
    attachment_kind: str | None,
    attachment_file_id: str | None,
    attachment_name: str | None,
    recipient_id: int | None,
    stored: Callable[[str], Path] | None = None,
) -> Reply:
    """One recipient's message (``recipient_id`` None: the admin's preview of it).

    A "stored" attachment is a file the bot made (the plan's workbook), kept in the file store by
    its sha256 and uploaded from there; ``stored`` finds it.
    """
    buttons = notice_buttons(reply_kind, recipient_id)
    if attachment_kind == STORED and attachment_file_id is not None and stored is not None:
        path = stored(attachment_file_id)
        return Reply(
            text=RichText.stored(body_html),
            buttons=buttons,
            document=OutgoingDocument(attachment_name or "", path=path),
        )
    if attachment_kind is None or attachment_file_id is None or attachment_kind == STORED:
        return Reply(text=RichText.stored(body_html), buttons=buttons)
    file = OutgoingDocument(file_name=attachment_name or "tep-dinh-kem", file_id=attachment_file_id)
    if attachment_kind == "photo":
        return Reply(text=RichText.stored(body_html), buttons=buttons, photo=file)
    return Reply(text=RichText.stored(body_html), buttons=buttons, document=file)


def reason_text(reason: str | None, platform: str = "telegram") -> RichText:
    code, _, detail = (reason or "error").partition(": ")
    key = f"bc.reason.{code}"
    channel = Ref(f"link.platform.{platform}") if has(f"link.platform.{platform}") else platform
    return t(key if has(key) else "bc.reason.error", detail=detail or code, channel=channel)


def progress_text(broadcast_id: int, audience_label: str, total: int, counts: Mapping[RecipientState, int]) -> RichText:
    done = total - counts.get(RecipientState.PENDING, 0) - counts.get(RecipientState.SENDING, 0)
    return t("bc.progress", id=broadcast_id, audience=audience_label, done=done, total=total)


def report_text(report: Report, tz: ZoneInfo) -> RichText:
    broadcast, counts = report.broadcast, report.counts
    lines = [
        t(
            "bc.report",
            id=broadcast.id,
            status=Ref(f"bc.status.{broadcast.status.value}"),
            excerpt=excerpt(broadcast.text),
            author=report.author,
            when=fmt_datetime(broadcast.confirmed_at or broadcast.created_at, tz),
            audience=broadcast.audience_label,
            total=broadcast.total,
            delivered=counts.get(RecipientState.DELIVERED, 0),
            blocked=counts.get(RecipientState.BLOCKED, 0),
            failed=counts.get(RecipientState.FAILED, 0),
            unknown=counts.get(RecipientState.UNKNOWN, 0),
        )
    ]
    waiting = counts.get(RecipientState.PENDING, 0) + counts.get(RecipientState.SENDING, 0)
    if waiting:
        lines.append(t("bc.report_pending", pending=waiting))
    if report.unreached:
        names = "\n".join(f"• {unit.name}" for unit in report.unreached)
        lines.append(t("bc.report_unreached", count=len(report.unreached), names=names))
    answers = ANSWERS[broadcast.reply_kind]
    if answers:
        summary = RichText.join(
            (
                t("bc.report_response_part", response=Ref(f"bc.resp.{r.value}"), count=report.responses.get(r, 0))
                for r in answers
            ),
            "; ",
        )
        missing = counts.get(RecipientState.DELIVERED, 0) - sum(report.responses.values())
        lines.append(t("bc.report_responses", summary=summary, missing=max(missing, 0)))
    if report.problems:
        lines.append(t("bc.report_problems"))
        lines += [
            t(
                "bc.report_problem_line",
                unit=_unit(line),
                name=line.account_name,
                reason=reason_text(line.error, line.platform),
            )
            for line in report.problems[:REPORTED_PROBLEMS]
        ]
        if len(report.problems) > REPORTED_PROBLEMS:
            lines.append(t("bc.more", count=len(report.problems) - REPORTED_PROBLEMS))
    return RichText.join(lines)


def report_buttons(report: Report) -> Keyboard:
    broadcast_id = report.broadcast.id
    rows: list[tuple[Choice, ...]] = []
    if ANSWERS[report.broadcast.reply_kind]:
        rows.append(
            (
                Choice(label("bc.answers_button"), callback_data(PREFIX, "ans", broadcast_id)),
                Choice(label("bc.missing_button"), callback_data(PREFIX, "nr", broadcast_id)),
            )
        )
    rows.append((Choice(label("common.back"), callback_data(PREFIX, "h")),))
    return tuple(rows)


def answers_text(broadcast_id: int, reply_kind: ReplyKind, lines: Sequence[RecipientLine]) -> RichText:
    parts = [t("bc.answers_header", id=broadcast_id)]
    if not lines:
        parts.append(t("bc.answers_none"))
    for response in ANSWERS[reply_kind]:
        group = [line for line in lines if line.response == response]
        if group:
            parts.append(t("bc.answers_group", response=Ref(f"bc.resp.{response.value}"), count=len(group)))
            parts += _people(group)
    return RichText.join(parts)


def missing_text(broadcast_id: int, lines: Sequence[RecipientLine]) -> RichText:
    if not lines:
        return t("bc.missing_none")
    return RichText.join([t("bc.missing_header", id=broadcast_id, count=len(lines)), *_people(lines)])


def _people(lines: Sequence[RecipientLine]) -> list[RichText]:
    shown = [t("bc.person_line", unit=_unit(line), name=line.account_name) for line in lines[:MAX_PEOPLE_LISTED]]
    if len(lines) > MAX_PEOPLE_LISTED:
        shown.append(t("bc.more", count=len(lines) - MAX_PEOPLE_LISTED))
    return shown


def _unit(line: RecipientLine) -> str | Ref:
    return line.unit_name if line.unit_name else Ref("bc.no_unit")
