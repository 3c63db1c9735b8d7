"""The routing table: commands, button prefixes and dialog steps, each pointing at a flow function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from services.errors import Refusal
from storage.models import AccountRole

if TYPE_CHECKING:
    from handlers.context import FlowContext
    from services.uploads import StoredUpload

CommandFn = Callable[["FlowContext"], Awaitable[None]]
CallbackFn = Callable[["FlowContext", list[str]], Awaitable[None]]
StepFn = Callable[["FlowContext"], Awaitable[None]]
# Reads a file the step takes (the upload, its bytes, today's date) before the message's transaction
# opens, so heavy parsing never holds the database; what it returns is the step's ``ctx.prepared``.
PrepareFn = Callable[["StoredUpload", bytes, dt.date], Awaitable[object]]

# Choices offered in the chat's own replies are stored server-side (handlers/choices.py), so their
# data may be long; buttons of messages pushed to other chats travel as Telegram callback data.
MAX_CALLBACK_BYTES = 64
EVERYONE: frozenset[AccountRole | None] = frozenset({None, *AccountRole})
LINKED: frozenset[AccountRole | None] = frozenset(AccountRole)
ADMINS: frozenset[AccountRole | None] = frozenset({AccountRole.ADMIN})


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    fn: CommandFn
    # Who sees it in /help and the chat menu. Access is still checked by the service.
    shown_to: frozenset[AccountRole | None]
    description_key: str


@dataclass
class Routes:
    commands: dict[str, CommandSpec] = field(default_factory=dict)
    callbacks: dict[str, CallbackFn] = field(default_factory=dict)
    steps: dict[tuple[str, str], StepFn] = field(default_factory=dict)
    # Steps that take files: only for these is a sent file downloaded (before the transaction).
    file_steps: set[tuple[str, str]] = field(default_factory=set)
    # Steps that check a long text themselves and name their own limit (a broadcast's text).
    long_text_steps: set[tuple[str, str]] = field(default_factory=set)
    preparers: dict[tuple[str, str], PrepareFn] = field(default_factory=dict)
    # Steps that take only a choice: any other input gets the router's "please choose" and the
    # choices again (written once here, not per flow).
    # The value: what to say when a file is sent there instead (None: the router's default).
    choice_steps: dict[tuple[str, str], str | None] = field(default_factory=dict)
    # Text steps whose answer may be a bare number (how many members): a number typed there is data,
    # not a choice's number (choices are then matched by label only).
    number_steps: set[tuple[str, str]] = field(default_factory=set)
    # What /huy must undo besides forgetting the dialog (e.g. a broadcast's stored draft), per flow.
    cancel_hooks: dict[str, CommandFn] = field(default_factory=dict)

    def command(
        self, name: str, fn: CommandFn, *, shown_to: frozenset[AccountRole | None], description_key: str
    ) -> None:
        if name in self.commands:
            raise ValueError(f"command /{name} registered twice")
        self.commands[name] = CommandSpec(name, fn, shown_to, description_key)

    def callback(self, prefix: str, fn: CallbackFn) -> None:
        if prefix in self.callbacks or ":" in prefix:
            raise ValueError(f"bad or duplicate callback prefix {prefix!r}")
        self.callbacks[prefix] = fn

    def step(
        self,
        flow: str,
        step: str,
        fn: StepFn,
        *,
        accepts_files: bool = False,
        prepare: PrepareFn | None = None,
        long_text: bool = False,
        numbers: bool = False,
    ) -> None:
        self.steps[(flow, step)] = fn
        if numbers:
            self.number_steps.add((flow, step))
        if accepts_files or prepare is not None:
            self.file_steps.add((flow, step))
        if prepare is not None:
            self.preparers[(flow, step)] = prepare
        if long_text:
            self.long_text_steps.add((flow, step))

    def choices_only(self, flow: str, *steps: str, file_reprompt: str | None = None) -> None:
        """Declare steps at which the user can only pick one of the choices offered; ``file_reprompt``
        names the catalogue text for a file sent there."""
        for step in steps:
            if (flow, step) in self.steps or (flow, step) in self.choice_steps:
                raise ValueError(f"step {flow}.{step} registered twice")
            self.choice_steps[(flow, step)] = file_reprompt

    def on_cancel(self, flow: str, fn: CommandFn) -> None:
        """Run ``fn`` when /huy ends a dialog of ``flow`` (in the same transaction)."""
        self.cancel_hooks[flow] = fn

    def menu_for(self, role: AccountRole | None) -> list[CommandSpec]:
        return [spec for spec in self.commands.values() if role in spec.shown_to]


def action_table(actions: Mapping[str, CallbackFn]) -> CallbackFn:
    """A button handler that picks the action named by the first argument; an unknown one is stale."""

    async def on_button(ctx: FlowContext, args: list[str]) -> None:
        action = actions.get(args[0] if args else "")
        if action is None:
            raise Refusal("common.stale_button")
        await action(ctx, args[1:])

    return on_button


def callback_data(prefix: str, *args: object) -> str:
    """Build button data; it only names things, the server re-checks everything on press."""
    data = ":".join([prefix, *(str(arg) for arg in args)])
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def parse_callback(data: str) -> tuple[str, list[str]]:
    prefix, *args = data.split(":")
    return prefix, args


def int_arg(args: list[str], index: int) -> int | None:
    """A numeric button argument, or None for garbage: forged data must not crash a flow."""
    try:
        value = int(args[index])
    except (IndexError, ValueError):
        return None
    return value if 0 < value < 2**53 else None
