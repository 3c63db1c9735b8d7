"""/help, /toi, /huy and the chat menu: all derived from the routing table and the caller's role."""

from __future__ import annotations

from core.catalog import Ref, t
from core.text import RichText, to_plain
from handlers.context import FlowContext
from handlers.routes import EVERYONE, Routes
from services.actors import Actor
from storage.models import AccountRole


def role_of(actor: Actor) -> AccountRole | None:
    return actor.role if actor.is_active else None


def menu_for(routes: Routes, role: AccountRole | None) -> tuple[tuple[str, str], ...]:
    return tuple((spec.name, to_plain(t(spec.description_key))) for spec in routes.menu_for(role))


def render_help(ctx: FlowContext) -> None:
    role = role_of(ctx.actor)
    lines = [t("help.header", role=Ref(f"role.{role.value}" if role else "role.none"))]
    lines += [t("help.line", command=name, description=text) for name, text in menu_for(ctx.routes, role)]
    lines.append(t("help.footer"))
    ctx.say(RichText.join(lines), menu=menu_for(ctx.routes, role))


async def show_help(ctx: FlowContext) -> None:
    render_help(ctx)


def account_text(actor: Actor) -> RichText:
    """/toi's account card: who the person is to the bot."""
    status = Ref(f"status.{actor.status.value}")
    if actor.is_active:
        return t(
            "whoami.linked",
            name=actor.display_name,
            unit=actor.unit_name or "—",
            role=Ref(f"role.{actor.role.value}" if actor.role else "role.none"),
            status=status,
            account_id=actor.account_id,
        )
    return t("whoami.unlinked", name=actor.display_name, status=status)


async def whoami(ctx: FlowContext) -> None:
    from handlers import my_channels  # imports this module (menu_for)

    await my_channels.show(ctx)  # the account card with the person's channels, and what to do with them


async def cancel(ctx: FlowContext) -> None:
    if ctx.dialog.active:
        undo = ctx.routes.cancel_hooks.get(ctx.dialog.flow or "")
        if undo is not None:  # e.g. a broadcast draft: its old confirm button must not send it
            await undo(ctx)
        ctx.dialog.clear()
        ctx.say(t("common.cancelled"))
    else:
        ctx.say(t("common.nothing_to_cancel"))


def register(routes: Routes) -> None:
    routes.command("help", show_help, shown_to=EVERYONE, description_key="cmd.help")
    routes.command("toi", whoami, shown_to=EVERYONE, description_key="cmd.toi")
    routes.command("huy", cancel, shown_to=EVERYONE, description_key="cmd.huy")
