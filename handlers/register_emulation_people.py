"""/dangky, the individuals: a pasted list, the Excel template, or one person at a time.

A paste or an Excel file is taken whole or not at all: any bad line is reported with its number (the
line of the message, the row of the sheet) and the closest title, and the list stays as it was. A
paste adds to the list; an Excel file is the whole list and replaces it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from core.catalog import label, t
from core.messages import Choice, OutgoingDocument
from core.text import RichText
from handlers.context import FlowContext
from handlers.register_emulation_state import (
    NONE,
    after_people,
    at_step,
    award_rows,
    catalog,
    cb,
    draft_of,
    keep,
    people_keyboard,
    target_text,
)
from services import file_types, registration_flow
from services.award_catalog import Award, Kind, Subject
from services.errors import Refusal
from services.registration_entries import (
    MAX_NAME_CHARS,
    MAX_POSITION_CHARS,
    EntryIssue,
    ParsedEntries,
    make_entry,
)
from services.registration_excel import TemplateUpload, build_template, read_template, template_file_name
from services.registration_paste import parse_paste
from services.registration_submit import RegistrationDraft, add_people, ensure_choice
from services.uploads import StoredUpload

MAX_ERRORS_SHOWN = 12


def _report(header_key: str, errors: Sequence[EntryIssue]) -> RichText:
    lines = [t(header_key, count=len(errors)), *(issue.render() for issue in errors[:MAX_ERRORS_SHOWN])]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(t("reg.paste.more_errors", count=len(errors) - MAX_ERRORS_SHOWN))
    lines.append(t("reg.paste.fix_hint"))
    return RichText.join(lines)


def _notices(parsed: ParsedEntries) -> list[RichText]:
    if not parsed.notices:
        return []
    return [t("reg.paste.notices_header"), *(issue.render() for issue in parsed.notices[:MAX_ERRORS_SHOWN])]


def _menu(ctx: FlowContext, draft: RegistrationDraft, lines: Sequence[RichText]) -> None:
    keep(ctx, "people", draft)
    ctx.say(RichText.join(lines), people_keyboard(draft))


async def people_step(ctx: FlowContext) -> None:
    """A pasted list (text) or the filled template (an Excel file)."""
    draft = draft_of(ctx)
    if ctx.upload is not None or ctx.incoming.file is not None:
        await _excel(ctx, draft)
        return
    parsed = parse_paste(ctx.incoming.text or "", await catalog(), on=ctx.today)
    if not parsed.ok:
        ctx.say(_report("reg.paste.rejected", parsed.errors))
        return
    draft = add_people(draft, parsed.entries)
    _menu(ctx, draft, [t("reg.paste.accepted", count=len(parsed.entries), total=len(draft.people)), *_notices(parsed)])


async def read_excel(upload: StoredUpload, content: bytes, today: dt.date) -> TemplateUpload | None:
    """The people step's preparer: the template is parsed in a thread, before the transaction opens."""
    if upload.mime_type != file_types.XLSX.mime_type:
        return None
    return await asyncio.to_thread(read_template, content, await catalog(), on=today)


async def _excel(ctx: FlowContext, draft: RegistrationDraft) -> None:
    result = ctx.prepared
    if ctx.upload is None or not isinstance(result, TemplateUpload):
        raise Refusal("reg.excel.wrong_type")
    parsed = result.parsed
    if not parsed.ok:
        ctx.say(_report("reg.excel.rejected", parsed.errors))
        return
    draft = add_people(draft.model_copy(update={"people": ()}), parsed.entries)
    _menu(ctx, draft, [t("reg.excel.accepted", count=len(parsed.entries), total=len(draft.people)), *_notices(parsed)])


async def send_template(ctx: FlowContext) -> None:
    """/maudangky (and the button of the list step): the Excel template for the caller's unit."""
    tasks = await registration_flow.registration_tasks(ctx.session, ctx.actor)
    year = tasks[0].round.year if tasks else ctx.today.year
    content = await asyncio.to_thread(
        build_template, await catalog(), on=ctx.today, unit_name=ctx.actor.unit_name, year=year
    )
    ctx.send_document(OutgoingDocument(template_file_name(), content=content), t("reg.template_caption"))


async def template_button(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "people")
    await send_template(ctx)


async def list_done(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "people")
    draft = draft_of(ctx)
    if not draft.people and draft.collective_title_code is None:
        ctx.say(t("reg.nothing_registered"), people_keyboard(draft))
        return
    await after_people(ctx, draft)


async def clear_list(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "people")
    draft = draft_of(ctx).model_copy(update={"people": ()})
    keep(ctx, "people", draft)
    ctx.edit(t("reg.list_cleared"), people_keyboard(draft))


# ---------------------------------------------------------------- one person at a time
def _person(ctx: FlowContext) -> dict[str, str | None]:
    value = ctx.dialog.data.get("person")
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise Refusal("common.session_expired")
    return value


async def add_one(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "people")
    keep(ctx, "p_name", person={})
    ctx.edit(t("reg.ask_name"))


async def name_step(ctx: FlowContext) -> None:
    if ctx.incoming.file is not None or not ctx.incoming.text:
        ctx.say(t("reg.text_expected"))
        return
    entry, _ = make_entry(0, name=ctx.incoming.text, position="", title=None, award=None, target_reported=True)
    if entry is None:
        ctx.say(t("reg.one.bad_name", value=ctx.incoming.text[:MAX_NAME_CHARS], limit=MAX_NAME_CHARS))
        return
    keep(ctx, "p_position", person={"name": entry.full_name})
    ctx.say(t("reg.ask_position", name=entry.full_name), ((Choice(label("reg.skip_button"), cb("pp")),),))


async def position_step(ctx: FlowContext) -> None:
    if ctx.incoming.file is not None or not ctx.incoming.text:
        ctx.say(t("reg.text_expected"))
        return
    person = _person(ctx)
    entry, _ = make_entry(
        0, name=person["name"] or "", position=ctx.incoming.text, title=None, award=None, target_reported=True
    )
    if entry is None:  # the name was checked at the step before: only the position can be wrong here
        ctx.say(t("reg.one.position_too_long", limit=MAX_POSITION_CHARS))
        return
    await _ask_title(ctx, {**person, "position": entry.position}, key="reg.ask_title")


async def skip_position(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "p_position")
    await _ask_title(ctx, {**_person(ctx), "position": ""}, key="reg.ask_title")


async def _ask_title(ctx: FlowContext, person: dict[str, str | None], *, key: str) -> None:
    titles = (await catalog()).select(Kind.DANH_HIEU, subject=Subject.CA_NHAN, on=ctx.today)
    keep(ctx, "p_title", person=person)
    ctx.edit(t(key, name=person["name"]), award_rows(titles, "pt", "reg.no_title_button"))


async def _choice(ctx: FlowContext, args: list[str], kind: Kind) -> Award | None:
    code = args[0] if args else ""
    return ensure_choice(await catalog(), code or "?", kind=kind, subject=Subject.CA_NHAN, on=ctx.today)


async def person_title(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "p_title")
    title = await _choice(ctx, args, Kind.DANH_HIEU)
    person = {**_person(ctx), "title": title.code if title else None}
    forms = (await catalog()).select(Kind.HINH_THUC, subject=Subject.CA_NHAN, on=ctx.today)
    keep(ctx, "p_award", person=person)
    ctx.edit(t("reg.ask_award", name=person["name"]), award_rows(forms, "pa", "reg.no_award_button"))


async def person_award(ctx: FlowContext, args: list[str]) -> None:
    at_step(ctx, "p_award")
    award = await _choice(ctx, args, Kind.HINH_THUC)
    person = _person(ctx)
    catalog_ = await catalog()
    title = catalog_.find(person.get("title") or NONE)
    if title is None and award is None:
        await _ask_title(ctx, person, key="reg.one.target_missing")
        return
    draft = draft_of(ctx)
    entry, _ = make_entry(
        len(draft.people) + 1,
        name=person["name"] or "",
        position=person.get("position") or "",
        title=title,
        award=award,
    )
    if entry is None:  # the name was checked when typed; only a changed catalogue gets here
        raise Refusal("common.session_expired")
    draft = add_people(draft, [entry])
    keep(ctx, "people", draft, person=None)
    added = t(
        "reg.person_added",
        name=entry.full_name,
        position=entry.position or t("reg.no_position"),
        target=target_text(catalog_, entry),
        count=len(draft.people),
    )
    ctx.edit(added, people_keyboard(draft))


ACTIONS = {
    "one": add_one,
    "pp": skip_position,
    "pt": person_title,
    "pa": person_award,
    "tpl": template_button,
    "done": list_done,
    "clr": clear_list,
}
STEPS = {"p_name": name_step, "p_position": position_step}
__all__ = ["ACTIONS", "STEPS", "cb", "people_step", "read_excel", "send_template"]
