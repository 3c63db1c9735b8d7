"""/help, /toi, /huy and the chat menu: all derived from the routing table and the caller's role."""

from __future__ import annotations

import weakref

from core.catalog import Ref, Safe, t
from handlers.context import FlowContext
from handlers.routes import EVERYONE, Routes
from services.actors import Actor
from storage.models import AccountRole


def role_of(actor: Actor) -> AccountRole | None:
    return actor.role if actor.is_active else None


Menu = tuple[tuple[str, str], ...]
# The help text and menu of each role, rendered once per routing table: both follow from the table and
# the catalogue only, and /help is the message users send most. Keyed by id, checked by a weak reference.
_RENDERED: dict[int, tuple[weakref.ref[Routes], dict[AccountRole | None, tuple[Safe, Menu]]]] = {}


def menu_for(routes: Routes, role: AccountRole | None) -> Menu:
    return _rendered(routes, role)[1]


def _rendered(routes: Routes, role: AccountRole | None) -> tuple[Safe, Menu]:
    entry = _RENDERED.get(id(routes))
    if entry is None or entry[0]() is not routes:
        entry = _RENDERED[id(routes)] = (weakref.ref(routes), {})
    done = entry[1].get(role)
    if done is None:
        menu = tuple((spec.name, str(t(spec.description_key))) for spec in routes.menu_for(role))
        lines = [t("help.header", role=Ref(f"role.{role.value}" if role else "role.none"))]
        lines += [t("help.line", command=name, description=text) for name, text in menu]
        lines.append(t("help.footer"))
        done = entry[1][role] = (Safe("\n".join(lines)), menu)
    return done


def render_help(ctx: FlowContext) -> None:
    text, menu = _rendered(ctx.routes, role_of(ctx.actor))
    ctx.say(text, menu=menu)


async def show_help(ctx: FlowContext) -> None:
    render_help(ctx)


async def whoami(ctx: FlowContext) -> None:
    actor = ctx.actor
    status = Ref(f"status.{actor.status.value}")
    if actor.is_active:
        ctx.say(
            t(
                "whoami.linked",
                name=actor.display_name,
                unit=actor.unit_name or "—",
                role=Ref(f"role.{actor.role.value}" if actor.role else "role.none"),
                status=status,
                account_id=actor.account_id,
            )
        )
    else:
        ctx.say(t("whoami.unlinked", name=actor.display_name, status=status))


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
