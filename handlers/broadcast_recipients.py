"""/thongbao: choosing who gets the notice.

All units, a kind of unit, a cluster, units ticked one by one, the admins, the units a round is
asked of, or those still missing it. Every choice ends in the preview (``broadcast_draft``).
"""

from __future__ import annotations

from core.catalog import Ref, t
from core.messages import Choice
from core.text import Label
from handlers.broadcast_draft import FLOW, Action, P, button, cancel_row, chosen_units, composing, preview, reply_of
from handlers.context import FlowContext
from handlers.round_labels import labels_of
from handlers.routes import callback_data, int_arg
from services import broadcast_audience
from services.broadcast_audience import Audience, AudienceKind
from services.errors import Refusal
from storage.models import UnitKind

ROUND_NAME_IN_BUTTON = 52  # the name and its deadline (· hạn dd/mm)


def audience_menu(ctx: FlowContext) -> None:
    choices = (
        ("bc.aud.all_button", AudienceKind.ALL),
        ("bc.aud.kind_button", AudienceKind.KIND),
        ("bc.aud.cluster_button", AudienceKind.CLUSTER),
        ("bc.aud.units_button", AudienceKind.UNITS),
        ("bc.aud.admins_button", AudienceKind.ADMINS),
        ("bc.aud.owing_button", AudienceKind.OWING),
        ("bc.aud.missing_button", AudienceKind.MISSING),
    )
    rows = tuple((button(key, "au", kind.value),) for key, kind in choices)
    ctx.edit(t("bc.ask_audience"), (*rows, (button("common.back", "next"), *cancel_row())))


def _back_to_menu(ctx: FlowContext) -> tuple[Choice, ...]:
    return (button("common.back", "rk", reply_of(ctx).value),)


async def _audience(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    choice = args[0] if args else ""
    if choice in (AudienceKind.ALL, AudienceKind.ADMINS):
        await preview(ctx, Audience(AudienceKind(choice)))
    elif choice == AudienceKind.KIND:
        counts = await broadcast_audience.units_by_kind(ctx.session, ctx.today)
        rows = tuple(
            (button("units.kind_button", "ak", kind.value, kind=Ref(f"kind.{kind.value}"), count=len(counts[kind])),)
            for kind in UnitKind
            if counts.get(kind)
        )
        ctx.edit(t("bc.pick_kind"), (*rows, _back_to_menu(ctx)))
    elif choice == AudienceKind.CLUSTER:
        clusters = await broadcast_audience.clusters(ctx.session, ctx.today)
        if not clusters:
            ctx.edit(t("bc.no_clusters"), (_back_to_menu(ctx),))
            return
        rows = tuple((Choice(Label(cluster.name), callback_data(P, "ac", cluster.id)),) for cluster in clusters)
        ctx.edit(t("bc.pick_cluster"), (*rows, _back_to_menu(ctx)))
    elif choice == AudienceKind.UNITS:
        await _units_home(ctx)
    elif choice in (AudienceKind.OWING, AudienceKind.MISSING):
        await _rounds(ctx, AudienceKind(choice))
    else:
        raise Refusal("common.stale_button")


async def _rounds(ctx: FlowContext, kind: AudienceKind) -> None:
    rounds = await broadcast_audience.open_rounds(ctx.session)
    if not rounds:
        ctx.edit(t("bc.no_rounds"), (_back_to_menu(ctx),))
        return
    names = labels_of(rounds, ctx.config.tz, ROUND_NAME_IN_BUTTON)
    rows = tuple(
        (button("bc.round_button", "ar", kind.value, round_.id, name=name),)
        for round_, name in zip(rounds, names, strict=True)
    )
    ctx.edit(t("bc.pick_round"), (*rows, _back_to_menu(ctx)))


async def _of_round(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    if not args or args[0] not in (AudienceKind.OWING, AudienceKind.MISSING):
        raise Refusal("common.stale_button")
    await preview(ctx, Audience(AudienceKind(args[0]), args[1] if len(args) > 1 else None))


async def _of_kind(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    await preview(ctx, Audience(AudienceKind.KIND, args[0] if args else None))


async def _of_cluster(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    await preview(ctx, Audience(AudienceKind.CLUSTER, args[0] if args else None))


async def _units_home(ctx: FlowContext) -> None:
    chosen = set(chosen_units(ctx))
    grouped = await broadcast_audience.units_by_kind(ctx.session, ctx.today)
    rows = tuple(
        (
            button(
                "units.kind_button",
                "uk",
                kind.value,
                kind=Ref(f"kind.{kind.value}"),
                count=f"{len(chosen & {u.id for u in grouped[kind]})}/{len(grouped[kind])}",
            ),
        )
        for kind in UnitKind
        if grouped.get(kind)
    )
    done = button("bc.units_done_button", "ud", count=len(chosen))
    ctx.edit(t("bc.pick_units", count=len(chosen)), (*rows, (done,), _back_to_menu(ctx)))


async def _units_of_kind(ctx: FlowContext, kind_value: str) -> None:
    if kind_value not in UnitKind._value2member_map_:
        raise Refusal("common.stale_button")
    kind = UnitKind(kind_value)
    chosen = set(chosen_units(ctx))
    units = (await broadcast_audience.units_by_kind(ctx.session, ctx.today)).get(kind, [])
    rows = tuple(
        (button("bc.unit_on" if unit.id in chosen else "bc.unit_off", "tu", unit.id, name=unit.name),) for unit in units
    )
    done = button("bc.units_done_button", "ud", count=len(chosen))
    back = button("common.back", "au", AudienceKind.UNITS.value)
    ctx.edit(t("bc.pick_units_kind", kind=Ref(f"kind.{kind.value}"), count=len(chosen)), (*rows, (back, done)))


async def _pick_kind(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    await _units_of_kind(ctx, args[0] if args else "")


async def _toggle_unit(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    unit = await broadcast_audience.selectable_unit(ctx.session, int_arg(args, 0) or 0, ctx.today)
    chosen = chosen_units(ctx)
    chosen = [i for i in chosen if i != unit.id] if unit.id in chosen else [*chosen, unit.id]
    ctx.dialog.go(FLOW, "audience", units=chosen)
    await _units_of_kind(ctx, unit.kind.value)


async def _units_done(ctx: FlowContext, args: list[str]) -> None:
    composing(ctx)
    await preview(ctx, Audience(AudienceKind.UNITS, unit_ids=tuple(chosen_units(ctx))))


ACTIONS: dict[str, Action] = {
    "au": _audience,
    "ak": _of_kind,
    "ac": _of_cluster,
    "ar": _of_round,
    "uk": _pick_kind,
    "tu": _toggle_unit,
    "ud": _units_done,
}
