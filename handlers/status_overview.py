"""/tinhhinh: the Office and the leadership see every open round at a glance, in text and as a chart."""

from __future__ import annotations

from core.catalog import label, plain, t
from core.messages import Choice, OutgoingDocument
from core.text import RichText
from handlers.context import FlowContext, Keyboard
from handlers.office_format import due_text
from handlers.routes import Routes, callback_data
from services import plan_states, status_chart, status_overview
from services.errors import Refusal
from services.rounds import days_left
from services.status_overview import Overview, RoundTally
from storage.models import AccountRole

VIEWERS: frozenset[AccountRole | None] = frozenset({AccountRole.ADMIN, AccountRole.LEADER})
CHART_FILE = "tinh-hinh.png"


async def tinhhinh(ctx: FlowContext) -> None:
    await _show(ctx, all_years=False)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    if args == ["all"]:
        await _show(ctx, all_years=True)
    elif args == ["year"]:
        await _show(ctx, all_years=False)
    else:
        raise Refusal("common.stale_button")


async def _show(ctx: FlowContext, *, all_years: bool) -> None:
    result = await status_overview.overview(
        ctx.session, ctx.actor, year=await plan_states.year_in_force(ctx.session, ctx.today), all_years=all_years
    )
    when = {"gio": ctx.now.astimezone(ctx.config.tz).strftime("%H:%M"), "ngay": ctx.date(ctx.now)}
    ctx.say(_text(ctx, result, when), _buttons(result))
    if not result.rounds:
        return
    png = await status_chart.render([_bar(r) for r in result.rounds], _chart_texts(result, when))
    ctx.send_photo(OutgoingDocument(file_name=CHART_FILE, content=png), t("overview.chart_caption", **when))


def _text(ctx: FlowContext, result: Overview, when: dict[str, str]) -> RichText:
    lines = [t("overview.header", **when)]
    if not result.rounds:
        lines.append(t("overview.none_year", year=result.year) if result.elsewhere else t("overview.none"))
    year: int | None = None
    for number, row in enumerate(result.rounds, 1):
        if result.all_years and row.round.year != year:
            year = row.round.year
            lines.append(t("overview.year", year=year))
        lines.append(
            t(
                "overview.round",
                stt=number,
                name=row.round.name,
                deadline=ctx.datetime(row.round.deadline),
                due=due_text(days_left(row.round.deadline, ctx.now, ctx.config.tz)),
            )
        )
        lines.append(t("overview.summary", a=row.submitted, tong=row.total, b=row.missing, c=row.returned, d=row.late))
        lines.append(t("overview.detail", on_time=row.on_time, accepted=row.accepted, pending=row.pending))
    if result.elsewhere:
        lines.append(t("overview.elsewhere", n=result.elsewhere))
    return RichText.join(lines)


def _buttons(result: Overview) -> Keyboard:
    rows: list[tuple[Choice, ...]] = []
    if result.all_years:
        rows.append((Choice(label("overview.year_only_button", year=result.year), callback_data("th", "year")),))
    elif result.elsewhere:
        rows.append((Choice(label("overview.all_years_button"), callback_data("th", "all")),))
    if result.rounds:
        rows.append((Choice(label("overview.missing_button"), callback_data("cn", "start")),))
    return tuple(rows)


def _bar(row: RoundTally) -> status_chart.ChartRow:
    return status_chart.ChartRow(
        label=row.round.name, on_time=row.on_time, late=row.late, returned=row.returned, missing=row.missing
    )


def _chart_texts(result: Overview, when: dict[str, str]) -> status_chart.ChartTexts:
    cut = len(result.rounds) - status_chart.MAX_BARS
    # The chart is a picture: plain catalogue texts (plain() refuses one that holds markup).
    return status_chart.ChartTexts(
        title=plain("overview.chart_title", **when),
        axis=plain("overview.chart_axis"),
        legend=(
            plain("overview.chart_on_time"),
            plain("overview.chart_late"),
            plain("overview.chart_returned"),
            plain("overview.chart_missing"),
        ),
        more=plain("overview.chart_more", n=cut) if cut > 0 else None,
    )


def register(routes: Routes) -> None:
    routes.command("tinhhinh", tinhhinh, shown_to=VIEWERS, description_key="cmd.tinhhinh")
    routes.callback("th", on_button)
