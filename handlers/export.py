"""/xuat [năm]: the year's Excel workbook, sent as a document to admins and leaders."""

from __future__ import annotations

from core.catalog import t
from core.messages import OutgoingDocument
from handlers.context import FlowContext
from handlers.routes import Routes
from services import export_workbook, round_admin
from services.year_words import parse_year
from storage.models import AccountRole

VIEWERS = frozenset({AccountRole.ADMIN, AccountRole.LEADER})


async def xuat(ctx: FlowContext) -> None:
    export_workbook.authorize(ctx.actor)
    if ctx.incoming.args:
        raw = " ".join(ctx.incoming.args)
        parsed = parse_year(raw, ctx.today)
        if parsed is None:
            ctx.say(t("export.bad_year", text=raw[:20]))
            return
        year = parsed
    else:
        year = await round_admin.working_year(ctx.session, ctx.today)
    result = await export_workbook.build_export(ctx.session, ctx.actor, year, tz=ctx.config.tz, now=ctx.now)
    caption = t("export.caption", year=year, rounds=result.rounds, when=ctx.datetime(ctx.now))
    ctx.send_document(OutgoingDocument(result.file_name, content=result.content), caption)


def register(routes: Routes) -> None:
    routes.command("xuat", xuat, shown_to=VIEWERS, description_key="cmd.xuat")
