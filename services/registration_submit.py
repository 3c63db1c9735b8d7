"""Sending a unit's emulation registration: the deadline rule, the checks, the warnings, a new version.

The flow (/dangky, with the rounds) keeps a :class:`RegistrationDraft` in the dialog state as JSON,
then calls :func:`save_version`. Everything the user sent is re-checked here, at the moment of sending:
the unit, the deadline (or the Office's reopening), every code against the catalogue. Choice data is
never trusted: :func:`ensure_choice` turns a pressed code back into a catalogue entry or refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import fmt_datetime
from services import audit
from services.access import ensure_linked
from services.actors import Actor
from services.award_catalog import Award, AwardCatalog, Kind, Subject
from services.errors import DeniedAction, Refusal
from services.registration_entries import MAX_INDIVIDUALS, PersonEntry
from services.registration_rules import RuleWarning, evaluate
from services.uploads import StoredUpload
from storage.models import Registration, RegistrationLine
from storage.repos import registrations as registration_repo

__all__ = [
    "MAX_COMMITMENT_CHARS",
    "MAX_MEMBER_COUNT",
    "MAX_SCAN_BYTES",
    "SCAN_MIME_TYPES",
    "EditWindow",
    "RegistrationDraft",
    "SavedRegistration",
    "ScanRef",
    "add_people",
    "check_draft",
    "clean_commitments",
    "draft_from",
    "edit_window",
    "ensure_can_edit",
    "ensure_choice",
    "ensure_own_unit",
    "load_draft",
    "member_count_of",
    "save_version",
    "scan_from",
    "warnings_for",
]

MAX_COMMITMENT_CHARS = 2000
MAX_MEMBER_COUNT = 2000
MAX_SCAN_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot download
SCAN_MIME_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


class ScanRef(BaseModel):
    """The signed and stamped scan, already in the file store."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    name: str = Field(min_length=1, max_length=255)
    mime: str = Field(min_length=1, max_length=100)
    size: int = Field(ge=1, le=MAX_SCAN_BYTES)


class RegistrationDraft(BaseModel):
    """What the officer has given so far; stored in the dialog as ``model_dump(mode="json")``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    collective_title_code: str | None = None
    collective_award_code: str | None = None
    member_count: int | None = Field(default=None, ge=1, le=MAX_MEMBER_COUNT)
    commitments: str = Field(default="", max_length=MAX_COMMITMENT_CHARS)
    scan: ScanRef | None = None
    people: tuple[PersonEntry, ...] = Field(default=(), max_length=MAX_INDIVIDUALS)


def load_draft(data: object) -> RegistrationDraft:
    """The draft saved in the dialog; a draft from an older shape starts the conversation again."""
    try:
        return RegistrationDraft.model_validate(data)
    except ValidationError:
        raise Refusal("common.session_expired") from None


def add_people(draft: RegistrationDraft, new: Sequence[PersonEntry]) -> RegistrationDraft:
    """The draft with ``new`` appended, renumbered; refused whole when the list would grow too long."""
    if len(draft.people) + len(new) > MAX_INDIVIDUALS:
        raise Refusal("reg.list_full", limit=MAX_INDIVIDUALS, count=len(draft.people), adding=len(new))
    return draft.model_copy(update={"people": (*draft.people, *new)})


def draft_from(registration: Registration) -> RegistrationDraft:
    """A stored version (lines loaded) as a draft: editing starts from what was sent, not from nothing."""
    scan = None
    if registration.scan_sha256 and registration.scan_name and registration.scan_mime and registration.scan_size:
        scan = ScanRef(
            sha256=registration.scan_sha256,
            name=registration.scan_name,
            mime=registration.scan_mime,
            size=registration.scan_size,
        )
    people = tuple(
        PersonEntry(
            full_name=line.full_name,
            position=line.position,
            title_code=line.title_code,
            award_code=line.award_code,
            note=line.note,
            source_line=line.line_no,
        )
        for line in registration.lines
    )
    return RegistrationDraft(
        collective_title_code=registration.collective_title_code,
        collective_award_code=registration.collective_award_code,
        member_count=registration.member_count,
        commitments=registration.commitments,
        scan=scan,
        people=people,
    )


# ---------------------------------------------------------------- what the officer types or sends
def member_count_of(text: str) -> int:
    """The unit's headcount as typed ("25", "1.200", "12 người"); refused unless a whole number in range."""
    match = _HEADCOUNT.fullmatch(text.strip())
    value = re.sub(r"[.,\s]", "", match.group(1)) if match else ""
    if not value.isdigit() or not 1 <= int(value) <= MAX_MEMBER_COUNT:
        raise Refusal("reg.member_count_invalid", limit=MAX_MEMBER_COUNT)
    return int(value)


# A number, thousands grouped or not, then words at most ("12 người", "1.200 cán bộ"), never more digits.
_HEADCOUNT = re.compile(r"(\d+(?:[.,\s]\d{3})*)\s*[^\d]*")


def clean_commitments(text: str) -> str:
    """The commitments as typed, line breaks kept; too long is refused, not cut."""
    text = text.strip()
    if len(text) > MAX_COMMITMENT_CHARS:
        raise Refusal("reg.commitments_too_long", limit=MAX_COMMITMENT_CHARS)
    return text


def scan_from(upload: StoredUpload) -> ScanRef:
    """The signed scan: a PDF or a photo (JPG, PNG), already checked by type and stored."""
    if upload.mime_type not in SCAN_MIME_TYPES:
        raise Refusal("reg.scan_wrong_type")
    if upload.size > MAX_SCAN_BYTES:
        raise Refusal("reg.scan_too_big", size=upload.size // (1024 * 1024), limit=MAX_SCAN_BYTES // (1024 * 1024))
    return ScanRef(sha256=upload.sha256, name=upload.file_name, mime=upload.mime_type, size=upload.size)


# ---------------------------------------------------------------- who, what and when
def ensure_own_unit(actor: Actor, unit_id: int) -> None:
    """Only an active account of the unit itself sends for it; a forged unit id is refused and audited."""
    ensure_linked(actor)
    if actor.unit_id != unit_id:
        refusal = Refusal("reg.not_your_unit")
        refusal.denied = DeniedAction("registration.other_unit", target_type="unit", target_id=str(unit_id))
        raise refusal


def ensure_choice(
    catalog: AwardCatalog, code: str | None, *, kind: Kind, subject: Subject, on: dt.date | None
) -> Award | None:
    """A code from a button, as a catalogue entry of the right kind and subject; None for "no choice"."""
    if code in (None, "", "-"):
        return None
    award = catalog.find(code)
    if award is None or award.kind is not kind or not award.is_for(subject):
        raise Refusal("common.stale_button")
    if not award.in_force_on(on) or not award.registrable:
        raise Refusal("common.stale_button")
    return award


@dataclass(frozen=True, slots=True)
class EditWindow:
    open: bool
    closes_at: dt.datetime | None  # None: no deadline
    reopened: bool  # open only because the Office reopened it for the unit


def edit_window(now: dt.datetime, *, due_at: dt.datetime | None, reopened_until: dt.datetime | None) -> EditWindow:
    """Sending and editing are allowed up to the deadline (inclusive), then only while reopened."""
    if due_at is None or now <= due_at:
        return EditWindow(open=True, closes_at=due_at, reopened=False)
    if reopened_until is not None and now <= reopened_until:
        return EditWindow(open=True, closes_at=reopened_until, reopened=True)
    return EditWindow(open=False, closes_at=due_at, reopened=False)


def ensure_can_edit(
    now: dt.datetime, *, due_at: dt.datetime | None, reopened_until: dt.datetime | None, year: int, tz: ZoneInfo
) -> EditWindow:
    window = edit_window(now, due_at=due_at, reopened_until=reopened_until)
    if not window.open:
        raise Refusal("reg.after_deadline", year=year, due=fmt_datetime(due_at, tz) if due_at else "")
    return window


# ---------------------------------------------------------------- checking and saving
def warnings_for(catalog: AwardCatalog, draft: RegistrationDraft, on: dt.date | None) -> list[RuleWarning]:
    return evaluate(
        catalog,
        collective_code=draft.collective_title_code,
        people=draft.people,
        member_count=draft.member_count,
        on=on,
    )


def _fits(catalog: AwardCatalog, code: str | None, kind: Kind, subject: Subject, on: dt.date | None) -> bool:
    try:
        ensure_choice(catalog, code, kind=kind, subject=subject, on=on)
    except Refusal:
        return False
    return True


def check_draft(catalog: AwardCatalog, draft: RegistrationDraft, on: dt.date | None) -> None:
    """Ready to send: a scan, and every code still acceptable (the catalogue may have been edited since)."""
    if draft.scan is None:
        raise Refusal("reg.scan_missing")
    checks = [
        (draft.collective_title_code, Kind.DANH_HIEU, Subject.TAP_THE),
        (draft.collective_award_code, Kind.HINH_THUC, Subject.TAP_THE),
    ]
    for person in draft.people:
        checks += [
            (person.title_code, Kind.DANH_HIEU, Subject.CA_NHAN),
            (person.award_code, Kind.HINH_THUC, Subject.CA_NHAN),
        ]
    targetless = any(person.title_code is None and person.award_code is None for person in draft.people)
    if targetless or not all(_fits(catalog, code, kind, subject, on) for code, kind, subject in checks):
        raise Refusal("reg.draft_outdated")


@dataclass(frozen=True, slots=True)
class SavedRegistration:
    registration: Registration
    previous: Registration | None
    warnings: list[RuleWarning]
    window: EditWindow


async def save_version(
    session: AsyncSession,
    actor: Actor,
    catalog: AwardCatalog,
    draft: RegistrationDraft,
    *,
    round_id: int,
    unit_id: int,
    year: int,
    version: int,
    receipt_code: str,
    due_at: dt.datetime | None,
    reopened_until: dt.datetime | None,
    now: dt.datetime,
    tz: ZoneInfo,
) -> SavedRegistration:
    """Store the draft as the unit's version ``version`` for the round, with its warnings.

    ``version`` and ``receipt_code`` are those of the round's submission sent in the same transaction
    (services.registration_flow.send): the unit gets one receipt code, and the Office's overviews and
    the registration register count the same versions.
    """
    ensure_own_unit(actor, unit_id)
    window = ensure_can_edit(now, due_at=due_at, reopened_until=reopened_until, year=year, tz=tz)
    on = now.astimezone(tz).date()
    check_draft(catalog, draft, on)
    assert draft.scan is not None  # check_draft refuses a draft without one
    warnings = warnings_for(catalog, draft, on)
    previous = await registration_repo.latest(session, round_id, unit_id)
    if previous is not None and previous.version >= version:
        raise Refusal("reg.concurrent")  # never overwrite or reorder what is stored
    registration = Registration(
        round_id=round_id,
        unit_id=unit_id,
        version=version,
        collective_title_code=draft.collective_title_code,
        collective_award_code=draft.collective_award_code,
        member_count=draft.member_count,
        commitments=draft.commitments,
        scan_sha256=draft.scan.sha256,
        scan_name=draft.scan.name,
        scan_mime=draft.scan.mime,
        scan_size=draft.scan.size,
        receipt_code=receipt_code,
        warnings=[w.to_json() for w in warnings],
        created_by_id=actor.account_id,
        created_at=now,
    )
    registration.lines = [
        RegistrationLine(
            line_no=number,
            full_name=person.full_name,
            position=person.position,
            title_code=person.title_code,
            award_code=person.award_code,
            note=person.note,
        )
        for number, person in enumerate(draft.people, 1)
    ]
    await registration_repo.add_version(session, registration)
    await audit.record(
        session,
        actor,
        "registration.submit",
        now,
        target_type="registration",
        target_id=registration.id,
        details={
            "round_id": round_id,
            "unit_id": unit_id,
            "version": version,
            "people": len(draft.people),
            "warnings": [w.rule_id for w in warnings],
            "reopened": window.reopened,
        },
    )
    return SavedRegistration(registration, previous, warnings, window)
