"""/toi's channels: where the person is reached, linking another platform (a one-time code), and
turning notices on or off per channel. ``/lienket 123456`` (or the code typed at a code prompt) links.

The rules (who may link what, how codes are checked and counted) live in services/identity_links.py.
"""

from __future__ import annotations

from core.catalog import Ref, label, t
from core.messages import Choice
from core.text import RichText
from handlers.context import DialogState, FlowContext
from handlers.menu import account_text, menu_for, role_of
from handlers.routes import Routes, action_table, callback_data, int_arg
from services import identity_links
from services.errors import Refusal
from storage.models import ChatIdentity

FLOW = "link"
PREFIX = "kn"
UNLINKED = frozenset({None})  # in the menu of those not linked yet: the second channel of a person starts so


def _channel_line(ctx: FlowContext, identity: ChatIdentity) -> RichText:
    if not identity.enabled:
        state = t("link.state_off")
    elif identity.unreachable_since is not None:
        state = t("link.state_blocked", since=ctx.date(identity.unreachable_since))
    else:
        state = t("link.state_on")
    here = t("link.here") if identity.id == ctx.actor.identity_id else RichText.plain("")
    return t(
        "link.channel_line",
        channel=Ref(f"link.platform.{identity.platform}"),
        name=identity.display_name,
        state=state,
        here=here,
    )


async def show(ctx: FlowContext, *, edit: bool = False) -> None:
    """/toi: the account card and the person's channels, with a choice per channel (notices on/off) and
    per platform to link."""
    identities = await identity_links.channels(ctx.session, ctx.actor)
    lines = [
        account_text(ctx.actor),
        RichText.plain(""),
        t("link.header"),
        *(_channel_line(ctx, i) for i in identities),
    ]
    rows: list[tuple[Choice, ...]] = []
    if len(identities) > 1:
        for identity in identities:
            key, action = ("link.turn_off", "off") if identity.enabled else ("link.turn_on", "on")
            channel = Ref(f"link.platform.{identity.platform}")
            rows.append((Choice(label(key, channel=channel), callback_data(PREFIX, action, identity.id)),))
    for platform in identity_links.missing(identities):
        channel = Ref(f"link.platform.{platform}")
        rows.append((Choice(label("link.link_button", channel=channel), callback_data(PREFIX, "code", platform)),))
    if not identity_links.missing(identities) and len(identities) == 1:
        lines.append(t("link.nothing_to_link"))
    (ctx.edit if edit else ctx.say)(RichText.join(lines), tuple(rows))


async def _issue(ctx: FlowContext, args: list[str]) -> None:
    platform = args[0] if args else ""
    issued = await identity_links.issue(ctx.session, ctx.actor, platform, ctx.now, key=ctx.config.invite_key)
    ctx.say(
        t(
            "link.code_issued",
            channel=Ref(f"link.platform.{issued.platform}"),
            code=issued.code,
            until=ctx.datetime(issued.expires_at),
        )
    )


async def _toggle(ctx: FlowContext, args: list[str], *, enabled: bool) -> None:
    identity_id = int_arg(args, 0)
    if identity_id is None:
        raise Refusal("common.stale_button")
    await identity_links.set_enabled(ctx.session, ctx.actor, identity_id, enabled, ctx.now)
    await show(ctx, edit=True)


async def _on(ctx: FlowContext, args: list[str]) -> None:
    await _toggle(ctx, args, enabled=True)


async def _off(ctx: FlowContext, args: list[str]) -> None:
    await _toggle(ctx, args, enabled=False)


async def redeem(ctx: FlowContext, code: str) -> None:
    """Link the identity this was typed from to the person who asked for ``code`` (from any prompt)."""
    linked = await identity_links.redeem(ctx.session, ctx.actor, code, ctx.now, key=ctx.config.invite_key)
    # The caller is now that person; the dialog they were in (a code prompt of their old account) is gone.
    ctx.actor, ctx.dialog = linked.actor, DialogState()
    actor = linked.actor
    unit = actor.unit_name or "—"
    role = Ref(f"role.{actor.role.value}" if actor.role else "role.none")
    channel = Ref(f"link.platform.{linked.platform}")
    ctx.say(
        t("link.linked", channel=channel, name=actor.display_name, unit=unit, role=role),
        menu=menu_for(ctx.routes, role_of(actor)),
    )
    for to in linked.others:  # the person hears of it where they were: a link they did not make shows
        ctx.send_to(to, t("link.linked_elsewhere", channel=channel, name=actor.display_name))


async def lienket(ctx: FlowContext) -> None:
    ctx.dialog.clear()
    if ctx.incoming.args:
        await redeem(ctx, " ".join(ctx.incoming.args))
        return
    ctx.dialog.go(FLOW, "code")
    ctx.say(t("link.ask_code"))


async def code_step(ctx: FlowContext) -> None:
    text = (ctx.incoming.text or "").strip()
    if not identity_links.looks_like_code(text):
        ctx.say(t("link.ask_code"))
        return
    await redeem(ctx, text)


def register(routes: Routes) -> None:
    routes.command("lienket", lienket, shown_to=UNLINKED, description_key="cmd.lienket")
    routes.callback(PREFIX, action_table({"code": _issue, "on": _on, "off": _off}))
    routes.step(FLOW, "code", code_step)
