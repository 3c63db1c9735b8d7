"""/donvi: the Office browses units, issues and revokes invite codes, and sets accounts' roles."""

from __future__ import annotations

import datetime as dt

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import FlowContext
from handlers.menu import menu_for
from handlers.routes import ADMINS, Routes, callback_data, int_arg
from services import directory, invites, roles
from services.errors import Refusal
from storage.models import Account, AccountRole, UnitKind

ROLE_BUTTONS = (
    (AccountRole.ADMIN, "units.make_admin"),
    (AccountRole.OFFICER, "units.make_officer"),
    (AccountRole.LEADER, "units.make_leader"),
)


async def show_kinds(ctx: FlowContext, *, edit: bool = False) -> None:
    counts = await directory.kinds_overview(ctx.session, ctx.actor, ctx.today)
    rows = tuple(
        (
            Choice(
                label("units.kind_button", kind=Ref(f"kind.{kind.value}"), count=n),
                callback_data("un", "k", kind.value),
            ),
        )
        for kind, n in sorted(counts.items(), key=lambda item: list(UnitKind).index(item[0]))
    )
    text = t("units.header", total=sum(counts.values()))
    (ctx.edit if edit else ctx.say)(text, rows)


async def donvi(ctx: FlowContext) -> None:
    await show_kinds(ctx)


async def on_button(ctx: FlowContext, args: list[str]) -> None:
    action = args[0] if args else ""
    number = int_arg(args, 1)
    if action == "home":
        await show_kinds(ctx, edit=True)
    elif action == "k" and len(args) > 1 and args[1] in UnitKind._value2member_map_:
        await _units_of_kind(ctx, UnitKind(args[1]))
    elif number is None:
        raise Refusal("common.stale_button")
    elif action == "u":
        await _unit_card(ctx, number)
    elif action == "inv":
        await _issue_invite(ctx, number)
    elif action == "rv":
        await _list_invites(ctx, number)
    elif action == "rvx":
        invite = await invites.revoke(ctx.session, ctx.actor, number, ctx.now)
        card = await directory.unit_card(ctx.session, ctx.actor, invite.unit_id)
        ctx.edit(t("units.invite_revoked", number=invite.id, unit=card.unit.name))
    elif action == "acc":
        await _accounts(ctx, number)
    elif action == "a":
        await _account_card(ctx, number)
    elif action == "r" and len(args) > 2 and args[2] in AccountRole._value2member_map_:
        await _grant(ctx, number, AccountRole(args[2]))
    elif action == "x":
        await _remove(ctx, number)
    else:
        raise Refusal("common.stale_button")


async def _units_of_kind(ctx: FlowContext, kind: UnitKind) -> None:
    units = await directory.units_with_accounts(ctx.session, ctx.actor, kind, ctx.today)
    rows = tuple(
        (Choice(label("units.unit_button", name=unit.name, accounts=n), callback_data("un", "u", unit.id)),)
        for unit, n in units
    )
    ctx.edit(
        t("units.kind_header", kind=Ref(f"kind.{kind.value}")),
        (*rows, (Choice(label("common.back"), callback_data("un", "home")),)),
    )


async def _unit_card(ctx: FlowContext, unit_id: int) -> None:
    card = await directory.unit_card(ctx.session, ctx.actor, unit_id)
    unit = card.unit
    start = ctx.date_only(unit.valid_from) if unit.valid_from else t("units.always")
    validity = (
        t("units.validity_closed", start=start, end=ctx.date_only(unit.valid_to))
        if unit.valid_to
        else t("units.validity_open", start=start)
        if unit.valid_from
        else t("units.always")
    )
    active = [a for a in card.accounts if a.is_active]
    lines = [
        t(
            "units.card",
            name=unit.name,
            code=unit.code,
            kind=Ref(f"kind.{unit.kind.value}"),
            validity=validity,
            accounts=len(active),
        )
    ]
    if card.merged_into:
        lines.append(t("units.card_merged", target=card.merged_into.name))
    lines += [_account_line(ctx, a, card.unreachable.get(a.id)) for a in active]
    ctx.edit(
        RichText.join(lines),
        (
            (
                Choice(label("units.invite_button"), callback_data("un", "inv", unit.id)),
                Choice(label("units.revoke_button"), callback_data("un", "rv", unit.id)),
            ),
            (Choice(label("units.accounts_button"), callback_data("un", "acc", unit.id)),),
            (Choice(label("units.submissions_button"), callback_data("rv", "u", unit.id)),),
            (Choice(label("common.back"), callback_data("un", "k", unit.kind.value)),),
        ),
    )


def _account_line(ctx: FlowContext, account: Account, unreachable_since: dt.datetime | None) -> RichText:
    """An account of the unit card, marked when no channel of it can be reached (blocked since)."""
    line = t("units.account_line", name=account.display_name, role=Ref(f"role.{account.role}"))
    if unreachable_since is None:
        return line
    return line + t("units.account_unreachable", since=ctx.date(unreachable_since))


async def _issue_invite(ctx: FlowContext, unit_id: int) -> None:
    issued = await invites.issue(
        ctx.session,
        ctx.actor,
        unit_id,
        ctx.now,
        ttl=ctx.config.invite_ttl,
        max_uses=ctx.config.invite_max_uses,
        key=ctx.config.invite_key,
    )
    ctx.say(
        t(
            "units.invite_issued",
            unit=issued.unit.name,
            code=issued.code,
            link=invites.deep_link(ctx.config.bot_username, issued.code),
            expires=ctx.datetime(issued.invite.expires_at),
            max_uses=issued.invite.max_uses,
        )
    )


async def _list_invites(ctx: FlowContext, unit_id: int) -> None:
    live = await directory.live_invites(ctx.session, ctx.actor, unit_id, ctx.now)
    back = (Choice(label("common.back"), callback_data("un", "u", unit_id)),)
    if not live:
        ctx.edit(t("units.no_invites"), (back,))
        return
    rows = tuple(
        (
            Choice(
                label(
                    "units.invite_line", number=i.id, expires=ctx.date(i.expires_at), uses=i.uses, max_uses=i.max_uses
                ),
                callback_data("un", "rvx", i.id),
            ),
        )
        for i in live
    )
    ctx.edit(t("units.invites_header"), (*rows, back))


async def _accounts(ctx: FlowContext, unit_id: int) -> None:
    card = await directory.unit_card(ctx.session, ctx.actor, unit_id)
    back = (Choice(label("common.back"), callback_data("un", "u", unit_id)),)
    if not card.accounts:
        ctx.edit(t("units.no_accounts"), (back,))
        return
    rows = tuple(
        (
            Choice(
                label(
                    "units.account_button",
                    name=a.display_name,
                    role=Ref(f"role.{a.role}" if a.role else "role.none"),
                    status=Ref(f"status.{a.status.value}"),
                ),
                callback_data("un", "a", a.id),
            ),
        )
        for a in card.accounts
    )
    ctx.edit(t("units.accounts_header", unit=card.unit.name), (*rows, back))


async def _account_card(ctx: FlowContext, account_id: int) -> None:
    account, unit = await directory.account_card(ctx.session, ctx.actor, account_id)
    role_rows = tuple(
        (Choice(label(key), callback_data("un", "r", account.id, role.value)),)
        for role, key in ROLE_BUTTONS
        if role != account.role
    )
    ctx.edit(
        t(
            "units.account_card",
            name=account.display_name,
            account_id=account.id,
            unit=unit.name if unit else "—",
            role=Ref(f"role.{account.role}" if account.role else "role.none"),
            status=Ref(f"status.{account.status.value}"),
        ),
        (
            *role_rows,
            (Choice(label("units.remove_access"), callback_data("un", "x", account.id)),),
            (Choice(label("common.back"), callback_data("un", "acc", unit.id if unit else 0)),),
        ),
    )


async def _grant(ctx: FlowContext, account_id: int, role: AccountRole) -> None:
    account = await roles.grant(ctx.session, ctx.actor, account_id, role, ctx.now)
    card = await directory.unit_card(ctx.session, ctx.actor, account.unit_id or 0)
    ctx.edit(t("units.role_set", name=account.display_name, role=Ref(f"role.{role.value}")))
    await ctx.send_to_person(
        account.id,
        t("onboard.role_changed", role=Ref(f"role.{role.value}"), unit=card.unit.name),
        menu=menu_for(ctx.routes, role),
    )


async def _remove(ctx: FlowContext, account_id: int) -> None:
    account = await roles.remove(ctx.session, ctx.actor, account_id, ctx.now)
    card = await directory.unit_card(ctx.session, ctx.actor, account.unit_id or 0)
    ctx.edit(t("units.access_removed", name=account.display_name))
    await ctx.send_to_person(
        account.id, t("onboard.access_revoked", unit=card.unit.name), menu=menu_for(ctx.routes, None)
    )


def register(routes: Routes) -> None:
    routes.command("donvi", donvi, shown_to=ADMINS, description_key="cmd.donvi")
    routes.callback("un", on_button)
