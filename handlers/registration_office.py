"""/dangkythidua: the Office and the leadership follow the registrations; cluster heads see their cluster.

Admins and leaders: units registered / not, counts by title (individuals and collectives apart), a
unit's registration in full with its warnings and signed scan, the consolidated register as Excel.
Admins reopen a unit's registration after the deadline until a date typed in Vietnamese, shown back
for confirmation. The head unit of a cluster sees its members' status, read-only. Every button is
re-checked by services/registration_office.py: forged ids find nothing, missing rights are audited.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping

from core.catalog import Ref, label, plain, t
from core.messages import Choice, OutgoingDocument
from core.text import EMPTY, Label, RichText
from handlers.context import FlowContext, Keyboard
from handlers.office_format import nav_row, page_of
from handlers.register_emulation_state import catalog, list_text, warnings_text
from handlers.round_labels import labels_of
from handlers.routes import Routes, callback_data, int_arg
from services import registration_office as office
from services.award_catalog import AwardCatalog
from services.deadline_parser import EXAMPLES, DeadlineParseError, format_deadline, parse_deadline
from services.errors import Refusal
from services.registration_export import register_workbook
from services.registration_rules import RuleWarning
from services.registration_submit import draft_from
from storage.models import AccountRole

FLOW = "dangkythidua"
PREFIX = "ro"
VIEWERS: frozenset[AccountRole | None] = frozenset({AccountRole.ADMIN, AccountRole.LEADER})


def cb(*args: object) -> str:
    return callback_data(PREFIX, *args)


def _back(*args: object) -> tuple[Choice, ...]:
    return (Choice(label("common.back"), cb(*args)),)


ROUND_BUTTON_CHARS = 60
UNITS_PER_PAGE = 10


async def start(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    if not office.sees_everything(ctx.actor):
        await _my_cluster(ctx)
        return
    rounds = await office.rounds_for_office(ctx.session, ctx.actor)
    if not rounds:
        ctx.say(t("reg.office.no_round"))
    elif len(rounds) == 1:
        await _overview(ctx, rounds[0].id)
    else:
        names = labels_of(rounds, ctx.config.tz, ROUND_BUTTON_CHARS)
        rows = tuple((Choice(Label(name), cb("o", r.id)),) for r, name in zip(rounds, names, strict=True))
        ctx.say(t("reg.office.choose_round"), rows)


# ---------------------------------------------------------------- the overview
def _count_lines(catalog_: AwardCatalog, counts: Mapping[str, int]) -> list[RichText]:
    order = {award.code: index for index, award in enumerate(catalog_.awards)}
    codes = sorted(counts, key=lambda code: (order.get(code, len(order)), code))
    lines = [
        t("reg.office.count_line", title=award.name if (award := catalog_.find(code)) else code, n=counts[code])
        for code in codes
    ]
    return lines or [t("reg.office.count_none")]


async def _overview(ctx: FlowContext, round_id: int) -> None:
    view = await office.overview(ctx.session, ctx.actor, round_id)
    catalog_, counts = await catalog(), view.counts
    lines = [
        t(
            "reg.office.header",
            year=view.round.year,
            time=ctx.now.astimezone(ctx.config.tz).strftime("%H:%M"),
            date=ctx.date(ctx.now),
            done=view.done,
            total=len(view.owing),
            missing=len(view.missing),
            warned=view.warned,
        ),
        EMPTY,
        t("reg.office.counts_header"),
        t("reg.office.people_header"),
        t("reg.office.titles_header"),
        *_count_lines(catalog_, counts.person_titles),
        t("reg.office.awards_header"),
        *_count_lines(catalog_, counts.person_awards),
        t("reg.office.collectives_header"),
        t("reg.office.titles_header"),
        *_count_lines(catalog_, counts.collective_titles),
        t("reg.office.awards_header"),
        *_count_lines(catalog_, counts.collective_awards),
    ]
    ctx.edit(
        RichText.join(lines),
        (
            (
                Choice(label("reg.office.registered_button", n=len(view.current)), cb("reg", round_id)),
                Choice(label("reg.office.missing_button", n=len(view.missing)), cb("mis", round_id)),
            ),
            (Choice(label("reg.office.export_button"), cb("x", round_id)),),
        ),
    )


async def _registered(ctx: FlowContext, round_id: int) -> None:
    view = await office.overview(ctx.session, ctx.actor, round_id)
    rows = tuple(
        (
            Choice(
                label(
                    "reg.office.unit_button_warned" if registration.warnings else "reg.office.unit_button",
                    unit=unit.name,
                    count=len(registration.lines),
                ),
                cb("u", round_id, unit.id),
            ),
        )
        for registration, unit in view.current
    )
    text = (
        t("reg.office.registered_header", year=view.round.year, n=len(view.current))
        if view.current
        else t("reg.office.none_yet")
    )
    ctx.edit(text, (*rows, _back("o", round_id)))


async def _missing(ctx: FlowContext, round_id: int, page: int = 1) -> None:
    view = await office.overview(ctx.session, ctx.actor, round_id)
    if not view.missing:
        ctx.edit(t("reg.office.all_registered"), (_back("o", round_id),))
        return
    header = t(
        "reg.office.missing_header",
        year=view.round.year,
        time=ctx.now.astimezone(ctx.config.tz).strftime("%H:%M"),
        date=ctx.date(ctx.now),
    )
    lines = [header, *(t("reg.office.missing_line", no=n, unit=u.name) for n, (_, u) in enumerate(view.missing, 1))]
    shown, page, pages = page_of(view.missing, page, UNITS_PER_PAGE)  # 37 buttons at once filled the screen
    rows: list[tuple[Choice, ...]] = [(Choice(Label(unit.name), cb("u", round_id, unit.id)),) for _, unit in shown]
    if pages > 1:
        lines.append(t("reg.office.missing_page", page=page, pages=pages))
        rows.append(nav_row(page, pages, PREFIX, "mis", round_id))
    ctx.edit(RichText.join(lines), (*rows, _back("o", round_id)))


# ---------------------------------------------------------------- one unit
def _deadline_lines(ctx: FlowContext, view: office.UnitRegistration) -> list[RichText]:
    lines = []
    due_at = view.obligation.due_at if view.obligation else None
    if due_at is not None and due_at > view.round.deadline:
        lines.append(t("reg.office.reopened_line", until=ctx.datetime(due_at)))
    if view.latest is not None and view.latest.created_at > view.round.deadline:
        lines.append(t("reg.office.late_line", due=ctx.datetime(view.round.deadline)))
    return lines


async def _unit(ctx: FlowContext, round_id: int, unit_id: int) -> None:
    view = await office.unit_registration(ctx.session, ctx.actor, round_id, unit_id)
    reopen: Keyboard = ((Choice(label("reg.office.reopen_button"), cb("re", round_id, unit_id)),),)
    reopen = reopen if ctx.actor.is_admin else ()  # only the Office reopens; the service checks it again
    latest = view.latest
    if latest is None:
        text = t(
            "reg.office.not_registered",
            unit=view.unit.name,
            year=view.round.year,
            due=ctx.datetime(view.round.deadline),
        )
        ctx.edit(RichText.join([text, *_deadline_lines(ctx, view)]), (*reopen, _back("mis", round_id)))
        return
    catalog_ = await catalog()

    def name(code: str | None) -> object:
        award = catalog_.find(code) if code else None
        return award.name if award else (code or Ref("reg.summary_none"))

    parts = [
        t(
            "reg.office.unit_detail",
            unit=view.unit.name,
            code=latest.receipt_code,
            version=latest.version,
            when=ctx.datetime(latest.created_at),
            by=view.sent_by.display_name if view.sent_by else "—",
            collective=name(latest.collective_title_code),
            collective_award=name(latest.collective_award_code),
            members=latest.member_count or "—",
            commitments=latest.commitments or Ref("reg.summary_no_commitments"),
        ),
        *_deadline_lines(ctx, view),
        EMPTY,
        list_text(catalog_, draft_from(latest), limit=None),
    ]
    warnings = [RuleWarning.from_json(item) for item in latest.warnings]
    if warnings:
        parts += [EMPTY, warnings_text(warnings)]
    buttons = [(Choice(label("reg.office.scan_button"), cb("s", latest.id)),)]
    if len(view.versions) > 1:
        buttons.append((Choice(label("reg.office.versions_button"), cb("v", round_id, unit_id)),))
    ctx.edit(RichText.join(parts), (*buttons, *reopen, _back("reg", round_id)))


async def _versions(ctx: FlowContext, round_id: int, unit_id: int) -> None:
    view = await office.unit_registration(ctx.session, ctx.actor, round_id, unit_id)
    lines = [t("reg.office.versions_header", unit=view.unit.name)]
    lines += [
        t("reg.office.version_line", version=r.version, code=r.receipt_code, when=ctx.datetime(r.created_at))
        for r in view.versions
    ]
    rows = tuple(
        (Choice(label("reg.office.version_scan_button", version=r.version), cb("s", r.id)),) for r in view.versions
    )
    ctx.edit(RichText.join(lines), (*rows, _back("u", round_id, unit_id)))


async def _scan(ctx: FlowContext, registration_id: int) -> None:
    registration, unit = await office.scan_of(ctx.session, ctx.actor, registration_id, ctx.now)
    assert registration.scan_sha256 is not None and registration.scan_name is not None  # scan_of checks
    if ctx.files is None:
        raise Refusal("reg.office.scan_missing")
    try:
        content = await ctx.files.read(registration.scan_sha256)
    except (FileNotFoundError, ValueError):
        raise Refusal("reg.office.scan_missing") from None
    caption = t("reg.office.scan_caption", unit=unit.name, code=registration.receipt_code)
    ctx.send_document(OutgoingDocument(registration.scan_name, content=content), caption)


async def _export(ctx: FlowContext, round_id: int) -> None:
    view = await office.register_export(ctx.session, ctx.actor, round_id, ctx.now)
    year = view.round.year
    content = await asyncio.to_thread(register_workbook, view.current, await catalog(), year=year, tz=ctx.config.tz)
    document = OutgoingDocument(plain("reg.export.file_name", year=year), content=content)
    ctx.send_document(document, t("reg.office.export_caption", year=year, units=len(view.current)))


# ---------------------------------------------------------------- reopening (admins)
async def _ask_reopen(ctx: FlowContext, round_id: int, unit_id: int) -> None:
    round_, unit, _ = await office.check_reopen(ctx.session, ctx.actor, round_id, unit_id, None, ctx.now)
    ctx.dialog.clear()
    ctx.dialog.go(FLOW, "reopen_date", round=round_id, unit=unit_id)
    ctx.say(
        t("reg.office.ask_reopen", unit=unit.name, due=ctx.datetime(round_.deadline), examples="; ".join(EXAMPLES)),
        ((Choice(label("common.cancel_button"), cb("cx")),),),
    )


def _target(ctx: FlowContext) -> tuple[int, int]:
    round_id, unit_id = ctx.dialog.data.get("round"), ctx.dialog.data.get("unit")
    if ctx.dialog.flow != FLOW or not isinstance(round_id, int) or not isinstance(unit_id, int):
        raise Refusal("common.stale_button")
    return round_id, unit_id


async def reopen_date_step(ctx: FlowContext) -> None:
    round_id, unit_id = _target(ctx)
    text = (ctx.incoming.text or "").strip()
    try:
        until = parse_deadline(text, ctx.now.astimezone(ctx.config.tz))
    except DeadlineParseError:
        ctx.say(t("reg.office.reopen_bad_date", text=text[:60], examples="; ".join(EXAMPLES)))
        return
    round_, unit, _ = await office.check_reopen(ctx.session, ctx.actor, round_id, unit_id, until, ctx.now)
    ctx.dialog.go(FLOW, "reopen_confirm", until=until.isoformat())
    ctx.say(
        t("reg.office.reopen_confirm", year=round_.year, unit=unit.name, until=format_deadline(until)),
        ((Choice(label("reg.office.confirm_button"), cb("rc")), Choice(label("common.cancel_button"), cb("cx"))),),
    )


async def _confirm_reopen(ctx: FlowContext) -> None:
    round_id, unit_id = _target(ctx)
    raw = ctx.dialog.data.get("until")
    if ctx.dialog.step != "reopen_confirm" or not isinstance(raw, str):
        raise Refusal("common.stale_button")
    done = await office.reopen(ctx.session, ctx.actor, round_id, unit_id, dt.datetime.fromisoformat(raw), ctx.now)
    ctx.dialog.clear()
    until = format_deadline(done.until.astimezone(ctx.config.tz))
    ctx.edit(t("reg.office.reopened", unit=done.unit.name, until=until))
    notice = t("reg.office.reopened_notice", year=done.round.year, unit=done.unit.name, until=until)
    for account in done.recipients:
        await ctx.send_to_person(account.id, notice)


async def _cancel_reopen(ctx: FlowContext) -> None:
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.stale_button")
    ctx.dialog.clear()
    ctx.edit(t("reg.office.reopen_cancelled"))


# ---------------------------------------------------------------- cluster heads
async def _my_cluster(ctx: FlowContext) -> None:
    rounds = await office.cluster_rounds(ctx.session, ctx.actor)
    lines: list[RichText] = []
    for status in await office.cluster_status(ctx.session, ctx.actor, rounds[0].id):
        lines += [
            t("reg.cluster.header", year=status.round.year, cluster=status.cluster.name),
            t("reg.cluster.summary", done=status.done, total=len(status.members)),
        ]
        lines += [
            t("reg.cluster.line_done", unit=unit.name, when=ctx.datetime(registration.created_at))
            if registration is not None
            else t("reg.cluster.line_missing", unit=unit.name)
            for unit, registration in status.members
        ]
        lines.append(EMPTY)
    ctx.say(RichText.join(lines).strip())


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    first, second = int_arg(args, 1), int_arg(args, 2)
    if action == "my":
        await _my_cluster(ctx)
    elif action == "rc":
        await _confirm_reopen(ctx)
    elif action == "cx":
        await _cancel_reopen(ctx)
    elif first is None:
        raise Refusal("common.stale_button")
    elif action == "mis":
        await _missing(ctx, first, second or 1)
    elif action in SINGLE:
        await SINGLE[action](ctx, first)
    elif action in PAIR and second is not None:
        await PAIR[action](ctx, first, second)
    else:
        raise Refusal("common.stale_button")


SINGLE = {"o": _overview, "reg": _registered, "x": _export, "s": _scan}
PAIR = {"u": _unit, "v": _versions, "re": _ask_reopen}


def register(routes: Routes) -> None:
    routes.command("dangkythidua", start, shown_to=VIEWERS, description_key="cmd.dangkythidua")
    routes.callback(PREFIX, on_button)
    routes.step(FLOW, "reopen_date", reopen_date_step)
    routes.choices_only(FLOW, "reopen_confirm")
