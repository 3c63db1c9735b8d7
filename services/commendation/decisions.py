"""Award decisions (Quyết định khen thưởng) recorded from the nominees the council passed.

A decision's number is unique per issuer and year (``12/QĐ-TTr`` of 2024 exists once); recording a
decision writes one commendation record per recipient, so the record and the decisions never
disagree. A number already used, a nominee the council did not pass, or an award already on
someone's record for that year is refused with the catalogue text that says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.access import ensure_admin
from services.actors import Actor
from services.award_catalog import AwardCatalog
from services.commendation.council import holder_key
from services.errors import Refusal
from storage.models import AwardRecord, Decision, SessionStatus
from storage.repos import commendation as council_repo
from storage.repos import commendation_records as repo


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    unit_name: str
    collective: bool = False
    unit_id: int | None = None
    amount: int = 0


@dataclass(frozen=True, slots=True)
class DecisionInput:
    issuer_code: str  # "TTr": one numbering per issuer and year
    issuer: str  # "THANH TRA TỈNH LẠNG SƠN"
    number: int
    symbol: str  # "QĐ-TTr"
    signed_on: date
    signer: str
    signer_title: str  # "CHÁNH THANH TRA"
    award_code: str
    award_year: int
    summary: str  # trích yếu: "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024"


async def record_decision(
    session: AsyncSession,
    actor: Actor,
    catalog: AwardCatalog,
    data: DecisionInput,
    recipients: Sequence[Recipient],
    now: datetime,
    *,
    session_id: int | None = None,
) -> Decision:
    ensure_admin(actor, "decision.record", target_type="decision", target_id=f"{data.number}/{data.symbol}")
    if data.number <= 0:
        raise Refusal("decision.bad_number")
    if not recipients:
        raise Refusal("decision.no_recipients")
    if any(r.amount < 0 for r in recipients):
        raise Refusal("decision.bad_amount")
    award = catalog.find(data.award_code)
    if award is None:
        raise Refusal("council.unknown_award", name=recipients[0].name, award=data.award_code)
    year = data.signed_on.year
    if await repo.decision_by_number(session, data.issuer_code, year, data.number) is not None:
        raise Refusal("decision.number_used", number=data.number, symbol=data.symbol, year=year)
    keys = [(holder_key(r.name, r.collective), r.collective, data.award_year) for r in recipients]
    held = await repo.existing(session, keys)
    for recipient, key in zip(recipients, keys, strict=True):
        if any(r.award_code == data.award_code for r in held.get(key, [])):
            raise Refusal("decision.already_recorded", name=recipient.name, award=award.short, year=data.award_year)
    decision = Decision(
        issuer_code=data.issuer_code,
        issuer=data.issuer,
        year=year,
        number=data.number,
        symbol=data.symbol,
        signed_on=data.signed_on,
        signer=data.signer,
        signer_title=data.signer_title,
        level=award.level.value,
        award_code=data.award_code,
        award_year=data.award_year,
        summary=data.summary,
        session_id=session_id,
        amount_total=sum(r.amount for r in recipients),
        created_by_id=actor.account_id,
        created_at=now,
    )
    try:
        async with session.begin_nested():  # two Office staff typing the same number at once
            session.add(decision)
            await session.flush()
    except IntegrityError:
        raise Refusal("decision.number_used", number=data.number, symbol=data.symbol, year=year) from None
    session.add_all(
        AwardRecord(
            collective=r.collective,
            name=" ".join(r.name.split()),
            holder_key=key[0],
            unit_id=r.unit_id,
            unit_name=r.unit_name,
            year=data.award_year,
            award_code=data.award_code,
            amount=r.amount,
            decision_id=decision.id,
            decision_ref=decision.reference,
            decision_date=data.signed_on,
            source="decision",
            created_at=now,
        )
        for r, key in zip(recipients, keys, strict=True)
    )
    await session.flush()
    await audit.record(
        session,
        actor,
        "decision.record",
        now,
        target_type="decision",
        target_id=decision.id,
        details={"reference": decision.reference, "recipients": len(recipients)},
    )
    return decision


async def passed_recipients(
    session: AsyncSession, session_id: int, award_code: str, *, amount_each: int = 0, only: Sequence[int] | None = None
) -> list[Recipient]:
    """The nominees of a closed session the council passed for ``award_code`` (or exactly ``only``)."""
    found = await council_repo.council_session(session, session_id)
    if found is None:
        raise Refusal("council.session_unknown")
    if found.status is not SessionStatus.CLOSED:
        raise Refusal("decision.session_not_closed")
    chosen = [n for n in await council_repo.nominees(session, session_id) if n.award_code == award_code]
    if only is not None:
        wanted = set(only)
        chosen = [n for n in chosen if n.id in wanted]
        for nominee in chosen:
            if not nominee.passed:
                raise Refusal("decision.not_passed", name=nominee.name)
        if len(chosen) != len(wanted):
            raise Refusal("council.nominee_unknown")
    return [Recipient(n.name, n.unit_name, n.collective, n.unit_id, amount_each) for n in chosen if n.passed]
