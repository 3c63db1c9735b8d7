"""/kybaocao: choosing the units that owe a round — by group, by cluster, or one by one.

The selection lives in the dialog (``selected``: unit ids) until the admin continues (new round:
on to the deadline) or saves (existing round: services/rounds.set_units, which keeps units that
already submitted). Every press re-reads the unit list through the service, which checks the admin.
"""

from __future__ import annotations

from typing import Any

from core.catalog import Ref, label, plain, t
from core.messages import Choice
from core.text import LABEL_CHARS, Label, RichText, shorten
from handlers import round_card
from handlers.context import FlowContext
from handlers.round_card import FLOW
from handlers.routes import Routes, callback_data, int_arg
from services import round_admin
from services.errors import Refusal
from storage.models import UnitKind

UNITS_PER_PAGE = 10
KIND_ORDER = list(UnitKind)


async def start(
    ctx: FlowContext, *, new: bool, name: str, selected: set[int], year: int, round_id: int | None = None
) -> None:
    """``year``: the round's, whose cluster memberships the cluster buttons use."""
    data: dict[str, Any] = {"mode": "new" if new else "edit", "name": name, "selected": sorted(selected), "year": year}
    if round_id is not None:
        data["round_id"] = round_id
    ctx.dialog.clear()  # a fresh selection: nothing from an abandoned dialog leaks in
    ctx.dialog.go(FLOW, "units", **data)
    await show_summary(ctx, edit=not new)


def _year(ctx: FlowContext) -> int:
    return int(ctx.dialog.data.get("year") or ctx.today.year)


async def _choice(ctx: FlowContext) -> round_admin.UnitChoice:
    return await round_admin.unit_choice(ctx.session, ctx.actor, day=ctx.today, year=_year(ctx))


def _selected(ctx: FlowContext) -> set[int]:
    return {int(i) for i in ctx.dialog.data.get("selected", [])}


def _store(ctx: FlowContext, selected: set[int]) -> None:
    ctx.dialog.go(FLOW, "units", selected=sorted(selected))


def _mark(on: bool) -> Ref | str:
    return Ref("rounds_admin.mark_on") if on else ""


async def show_summary(ctx: FlowContext, *, edit: bool = True, choice: round_admin.UnitChoice | None = None) -> None:
    choice = choice or await _choice(ctx)
    selected = _selected(ctx)
    new = ctx.dialog.data.get("mode") == "new"
    per_kind: dict[UnitKind, int] = {}
    others = 0
    in_force = {u.id for u in choice.units}
    for unit_id in selected:
        kind = choice.kinds.get(unit_id)
        if kind is None or unit_id not in in_force:
            others += 1
        else:
            per_kind[kind] = per_kind.get(kind, 0) + 1
    breakdown = RichText.join(
        (
            t("rounds_admin.kind_count", kind=Ref(f"kind.{kind.value}"), count=per_kind[kind])
            for kind in KIND_ORDER
            if per_kind.get(kind)
        ),
        sep="",
    )
    if others:
        breakdown += t("rounds_admin.other_count", count=others)
    text = t(
        "rounds_admin.units_header",
        name=ctx.dialog.data.get("name", ""),
        step=Ref("rounds_admin.step_units") if new else "",
        count=len(selected),
        breakdown=breakdown,
    )

    def group(code: str) -> Choice:
        members = choice.groups[code]
        text = label(
            "rounds_admin.group_button",
            mark=_mark(bool(members) and members <= selected),
            group=Ref(f"rounds_admin.group.{code}"),
            count=len(members),
        )
        return Choice(text, callback_data("ku", "g", code))

    finish = "rounds_admin.continue_button" if new else "rounds_admin.save_units_button"
    rows = (
        (group("all"),),
        (group("TTS"), group("TTH")),
        (group("CUM"), group("PNV")),
        (
            Choice(label("rounds_admin.clusters_button"), callback_data("ku", "cs")),
            Choice(label("rounds_admin.each_button"), callback_data("ku", "p", 1)),
        ),
        (Choice(label("rounds_admin.clear_button"), callback_data("ku", "x")),),
        (
            Choice(label(finish, count=len(selected)), callback_data("ku", "ok")),
            Choice(label("rounds_admin.cancel_button"), callback_data("ku", "q")),
        ),
    )
    (ctx.edit if edit else ctx.say)(text, rows)


def _cluster_label(name: str, members: set[int], selected: set[int]) -> Label:
    """The cluster's name cut to the room its mark and count leave, so the count always shows."""
    values: dict[str, object] = {"mark": _mark(members <= selected), "count": len(members)}
    room = LABEL_CHARS - len(plain("rounds_admin.cluster_button", name="", **values))
    return label("rounds_admin.cluster_button", name=shorten(name, room), **values)


async def _show_clusters(ctx: FlowContext, choice: round_admin.UnitChoice | None = None) -> None:
    choice = choice or await _choice(ctx)
    year = _year(ctx)
    selected = _selected(ctx)
    back = (Choice(label("common.back"), callback_data("ku", "s")),)
    if not choice.clusters:
        ctx.edit(t("rounds_admin.no_clusters", year=year), (back,))
        return
    rows = tuple(
        (Choice(_cluster_label(cluster.name, members, selected), callback_data("ku", "c", cluster.id)),)
        for cluster, members in choice.clusters
    )
    ctx.edit(t("rounds_admin.clusters_header", year=year), (*rows, back))


async def _show_page(ctx: FlowContext, page: int, choice: round_admin.UnitChoice | None = None) -> None:
    choice = choice or await _choice(ctx)
    selected = _selected(ctx)
    pages = max(1, (len(choice.units) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE)
    page = min(max(page, 1), pages)
    rows: list[tuple[Choice, ...]] = []
    for unit in choice.units[(page - 1) * UNITS_PER_PAGE : page * UNITS_PER_PAGE]:
        key = "rounds_admin.unit_on" if unit.id in selected else "rounds_admin.unit_off"
        rows.append((Choice(label(key, name=unit.name), callback_data("ku", "t", unit.id, page)),))
    nav: list[Choice] = []
    if page > 1:
        nav.append(Choice(label("rounds_admin.prev_button"), callback_data("ku", "p", page - 1)))
    if page < pages:
        nav.append(Choice(label("rounds_admin.next_button"), callback_data("ku", "p", page + 1)))
    if nav:
        rows.append(tuple(nav))
    rows.append((Choice(label("rounds_admin.done_button"), callback_data("ku", "s")),))
    ctx.edit(t("rounds_admin.each_header", count=len(selected), page=page, pages=pages), tuple(rows))


def _toggle_group(ctx: FlowContext, members: set[int]) -> None:
    """Add the whole group, or remove it when it is already all in (a second press undoes the first)."""
    selected = _selected(ctx)
    _store(ctx, selected - members if members and members <= selected else selected | members)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    round_admin.authorize(ctx.actor)
    if ctx.dialog.flow != FLOW or ctx.dialog.step != "units":
        raise Refusal("common.stale_button")  # an old keyboard: the selection it belonged to is gone
    action = args[0] if args else ""
    number = int_arg(args, 1)
    if action == "g" and len(args) > 1 and args[1] in round_admin.GROUPS:
        choice = await _choice(ctx)
        _toggle_group(ctx, choice.groups[args[1]])
        await show_summary(ctx, choice=choice)
    elif action == "cs":
        await _show_clusters(ctx)
    elif action == "c" and number is not None:
        choice = await _choice(ctx)
        _toggle_group(ctx, choice.cluster_members(number))
        await _show_clusters(ctx, choice)
    elif action == "p" and number is not None:
        await _show_page(ctx, number)
    elif action == "t" and number is not None:
        choice = await _choice(ctx)
        _store(ctx, _selected(ctx) ^ {choice.unit(number).id})
        await _show_page(ctx, int_arg(args, 2) or 1, choice)
    elif action == "s":
        await show_summary(ctx)
    elif action == "x":
        _store(ctx, set())
        await show_summary(ctx)
    elif action == "ok":
        await _finish(ctx)
    elif action == "q":
        ctx.dialog.clear()
        ctx.edit(t("rounds_admin.cancelled"))
    else:
        raise Refusal("common.stale_button")


async def _finish(ctx: FlowContext) -> None:
    data = ctx.dialog.data
    selected = _selected(ctx)
    if not selected:
        raise Refusal("rounds.no_units")
    if data.get("mode") == "new":
        round_card.ask_deadline(ctx, name=str(data.get("name", "")), new=True, edit=True)
        return
    round_id = int(data.get("round_id", 0))
    change = await round_admin.change_units(ctx.session, ctx.actor, round_id, selected, ctx.now)
    notice = t("rounds_admin.units_saved", name=data.get("name", ""), added=change.added, removed=change.removed)
    if change.kept:
        notice += t("rounds_admin.units_kept", kept=change.kept)
    ctx.dialog.clear()
    await round_card.show_card(ctx, round_id, notice=notice)


def register(routes: Routes) -> None:
    routes.callback("ku", on_button)
    routes.choices_only(FLOW, "units")
