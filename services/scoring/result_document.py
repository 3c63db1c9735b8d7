"""The cluster's cross-check result as an official document (.docx, NĐ 30/2020 layout).

Template: services/commendation/data/templates/ket_qua_kiem_tra.docx (tools/make_document_templates.py;
the Office may edit it in Word). Issued by the cluster head's unit; for the Office and the cluster head;
audited like the result sheet.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.actors import Actor
from services.commendation.documents.render import place_date, render
from services.scoring.board import board
from services.scoring.ranking import ranking

__all__ = ["TEMPLATE", "result_docx"]

TEMPLATE = "ket_qua_kiem_tra"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


async def result_docx(session: AsyncSession, actor: Actor, cluster_id: int, year: int, now: datetime) -> bytes:
    found = await board(session, actor, cluster_id, year)
    sheet, ranked = await ranking(session, cluster_id, year)
    by_checked = {r.check.checked_unit_id: r for r in found.rows}
    names = dict(found.members)
    rows = []
    disputes = []
    for place in ranked:
        row = by_checked.get(place.unit_id)
        rows.append(
            {
                "place": place.place,
                "unit": names.get(place.unit_id, "?"),
                "checker": row.checker if row else "",
                "self_total": _points(row.totals.self_total if row else None),
                "checker_total": _points(row.totals.checker_total if row else None),
                "total": _points(place.total),
                "band": place.band,
            }
        )
        if row is not None and row.check.dispute_reason:
            disputes.append(f"{row.checked} không nhất trí với kết quả chấm: {row.check.dispute_reason}")
    today = now.astimezone(VN).date()
    context = {
        "issuer_parent": found.cluster.upper(),
        "issuer": found.head_unit.upper(),
        "number_symbol": "      /BC-CTĐ",
        "place_date": place_date("Lạng Sơn", today),
        "year": year,
        "cluster": found.cluster,
        "sheet": sheet.name,
        "max_total": _points(sheet.max_total),
        "closed_on": today.strftime("%d/%m/%Y"),
        "state": "đã được cụm trưởng chốt" if found.closed else "chấm điểm (chưa kết thúc)",
        "rows": rows,
        "disputes": disputes,
        "signer_title": "CỤM TRƯỞNG",
        "signer": found.head_unit,
    }
    await audit.record(
        session, actor, "score.result", now, target_type="cluster", target_id=cluster_id, details={"year": year}
    )
    return render(TEMPLATE, context)
