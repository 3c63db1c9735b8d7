"""What the minutes, the decision and the tờ trình say, gathered from the database.

Each ``*_data`` returns plain data (also what a chat flow shows); each ``*_docx`` renders the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services.award_catalog import AwardCatalog
from services.commendation.ballot import percent
from services.commendation.documents.render import DECISION, MINUTES, SUBMISSION, date_words, money, place_date, render
from services.commendation.record import bases_of
from services.errors import Refusal
from storage.models import CouncilRole, SessionStatus, VoteBase, VoteMethod
from storage.repos import commendation as council_repo
from storage.repos import commendation_records as record_repo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
METHOD = {VoteMethod.SECRET: "bỏ phiếu kín", VoteMethod.SHOW_OF_HANDS: "biểu quyết giơ tay"}
BASE = {VoteBase.ALL_MEMBERS: "trên tổng số thành viên Hội đồng", VoteBase.PRESENT: "trên số thành viên có mặt"}


@dataclass(frozen=True, slots=True)
class Letterhead:
    issuer_parent: str = "UBND TỈNH LẠNG SƠN"
    issuer: str = "THANH TRA TỈNH"
    issuer_head: str = "Chánh Thanh tra tỉnh"
    place: str = "Lạng Sơn"


@dataclass(frozen=True, slots=True)
class ResultLine:
    name: str
    unit: str
    award: str
    award_code: str
    yes: int
    no: int
    base: int
    pct: float
    threshold: int
    quorum_met: bool
    passed: bool


@dataclass(frozen=True, slots=True)
class MinutesData:
    council_name: str
    year: int
    held_on: date
    place: str
    chair: str
    secretary: str
    members_total: int
    members_present: int
    absent: tuple[str, ...]
    voters: int
    rules: tuple[dict[str, Any], ...]
    results: tuple[ResultLine, ...]


async def minutes_data(session: AsyncSession, catalog: AwardCatalog, session_id: int) -> MinutesData:
    found = await council_repo.council_session(session, session_id)
    if found is None:
        raise Refusal("council.session_unknown")
    if found.status is not SessionStatus.CLOSED:
        raise Refusal("decision.session_not_closed")
    council = await council_repo.council(session, found.council_id)
    assert council is not None
    members = await council_repo.members(session, council.id)
    present = await council_repo.attendance(session, session_id)
    by_role = {m.role: m.full_name for m in reversed(members)}
    rules = await council_repo.rules(session, session_id)
    lines = []
    for n in await council_repo.nominees(session, session_id):
        rule = rules[n.award_code]
        yes, base = n.yes_count or 0, n.base_count or 0
        lines.append(
            ResultLine(
                n.name,
                n.unit_name,
                catalog.get(n.award_code).name,
                n.award_code,
                yes,
                n.no_count or 0,
                base,
                percent(yes, base),
                rule.threshold_pct,
                bool(n.quorum_met),
                bool(n.passed),
            )
        )
    rule_lines = tuple(
        {
            "award": catalog.get(code).name,
            "method": METHOD[r.method],
            "threshold": r.threshold_pct,
            "base": BASE[r.base],
            "quorum": r.quorum_pct,
            "written": "; thành viên vắng mặt được gửi phiếu bằng văn bản" if r.absent_in_writing else "",
        }
        for code, r in sorted(rules.items())
    )
    return MinutesData(
        council_name=council.name,
        year=council.year,
        held_on=found.held_on,
        place=found.place,
        chair=by_role.get(CouncilRole.CHAIR, ""),
        secretary=by_role.get(CouncilRole.STANDING, ""),
        members_total=found.members_total or len(members),
        members_present=found.members_present or 0,
        absent=tuple(m.full_name for m in members if not present.get(m.id, True)),
        voters=found.voters or 0,
        rules=rule_lines,
        results=tuple(lines),
    )


def verdict(line: ResultLine) -> str:
    if not line.quorum_met:
        return "Không đủ số thành viên có mặt"
    return "Đạt" if line.passed else "Không đạt"


def minutes_docx(data: MinutesData, head: Letterhead, *, number_symbol: str, opened: str, closed: str) -> bytes:
    absent = f" ({', '.join(data.absent)})" if data.absent else ""
    context = {
        **head_context(head, data.held_on),
        "number_symbol": number_symbol,
        "scope": f"xét khen thưởng năm {data.year}",
        "held_time": f"{opened} {date_words(data.held_on)}",
        "closed_time": closed,
        "place": data.place or head.place,
        "council_name": data.council_name,
        "year": data.year,
        "chair": data.chair,
        "secretary": data.secretary,
        "members_total": data.members_total,
        "members_present": data.members_present,
        "members_absent": len(data.absent),
        "absent_names": absent,
        "voters": data.voters,
        "rules": list(data.rules),
        "results": [
            {
                "no": i,
                "name": r.name,
                "unit": r.unit,
                "award": r.award,
                "yes": r.yes,
                "base": r.base,
                "pct": f"{r.pct:g}".replace(".", ","),
                "verdict": verdict(r),
            }
            for i, r in enumerate(data.results, start=1)
        ],
        "passed": sum(1 for r in data.results if r.passed),
        "failed": sum(1 for r in data.results if not r.passed),
    }
    return render(MINUTES, context)


def head_context(head: Letterhead, day: date) -> dict[str, Any]:
    return {
        "issuer_parent": head.issuer_parent,
        "issuer": head.issuer,
        "issuer_head": head.issuer_head,
        "place_date": place_date(head.place, day),
    }


async def decision_docx(
    session: AsyncSession,
    catalog: AwardCatalog,
    decision_id: int,
    head: Letterhead,
    *,
    proposer: str,
    recipients: list[str],
) -> bytes:
    """The decision with its attached list (Danh sách kèm theo), from the recorded decision."""
    decision = await record_repo.decision(session, decision_id)
    if decision is None:
        raise Refusal("council.session_unknown")
    award = catalog.get(decision.award_code)
    rows = await record_repo.records_of_decision(session, decision_id)
    collective = bool(rows) and all(r.collective for r in rows)
    subject_word = "tập thể" if collective else "cá nhân"
    verb = "Tặng danh hiệu" if award.kind.value == "danh_hieu" else "Tặng"
    basis = bases_of(catalog, award, decision.signed_on)
    context = {
        **head_context(head, decision.signed_on),
        "number_symbol": decision.reference,
        "summary": decision.summary,
        "signer_title_full": f"{decision.signer_title} {head.issuer.removeprefix('THANH TRA ')}".strip(),
        "bases": ["Căn cứ " + b for b in basis],
        "proposer": proposer,
        "article1": f"{verb} «{award.name}» năm {decision.award_year} cho {len(rows)} {subject_word}",
        "article2": f"Tiền thưởng kèm theo: {money(decision.amount_total)} đồng, chi từ quỹ thi đua, khen thưởng.",
        "signer_title": decision.signer_title,
        "signer": decision.signer,
        "recipients": recipients,
        "list_title": f"{subject_word.upper()} ĐƯỢC TẶNG {award.name.upper()} NĂM {decision.award_year}",
        "date_words": date_words(decision.signed_on),
        "rows": [
            {"no": i, "name": r.name, "unit": r.unit_name, "amount": money(r.amount)} for i, r in enumerate(rows, 1)
        ],
        "count": len(rows),
        "subject_word": subject_word,
        "total": money(decision.amount_total),
    }
    return render(DECISION, context)


def submission_docx(
    data: MinutesData,
    catalog: AwardCatalog,
    head: Letterhead,
    *,
    award_code: str,
    number_symbol: str,
    day: date,
    addressee: str,
    addressee_head: str,
    minutes_ref: str,
    signer: str,
    signer_title: str,
    recipients: list[str],
) -> bytes:
    """The tờ trình to the higher level for the nominees the council passed for ``award_code``."""
    award = catalog.get(award_code)
    passed = [r for r in data.results if r.award_code == award_code and r.passed]
    subject_word = "tập thể" if award.subjects == ("tap_the",) else "cá nhân"
    context = {
        **head_context(head, day),
        "number_symbol": number_symbol,
        "summary": f"Về việc đề nghị tặng {award.name} năm {data.year}",
        "addressee": addressee,
        "addressee_head": addressee_head,
        "bases": bases_of(catalog, award, day),
        "council_scope": head.issuer.capitalize(),
        "council_date": data.held_on.strftime("%d/%m/%Y"),
        "minutes_ref": minutes_ref,
        "issuer_head_cap": head.issuer.capitalize(),
        "action": (
            f"tặng {award.name}"
            if award.decided_by == addressee_head
            else f"trình {award.decided_by} tặng {award.name}"
        ),
        "count": len(passed),
        "subject_word": subject_word,
        "year": data.year,
        "rows": [
            {"no": i, "name": r.name, "unit": r.unit, "votes": f"{r.yes}/{r.base} ({r.pct:g}%)".replace(".", ",")}
            for i, r in enumerate(passed, 1)
        ],
        "signer": signer,
        "signer_title": signer_title,
        "recipients": recipients,
    }
    return render(SUBMISSION, context)
