"""/dangky's shared pieces: the draft kept in the dialog, the step checks, and the prompts of each step.

The draft (:class:`services.registration_submit.RegistrationDraft`) lives in the dialog data as JSON,
beside the round id, the unit's name and the year (shown, never trusted: sending re-checks them all).
While ``editing`` is set (from the summary's [Sửa], or a version being edited), finishing a part goes
back to the summary instead of on to the next part.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Sequence

from core.catalog import Ref, label, plain, t
from core.messages import Choice
from core.text import Label, RichText
from handlers.context import FlowContext, Keyboard
from handlers.routes import callback_data
from services.award_catalog import Award, AwardCatalog, Kind, Subject, default_catalog
from services.errors import Refusal
from services.registration_entries import PersonEntry, render_issue
from services.registration_rules import RuleWarning
from services.registration_submit import MAX_COMMITMENT_CHARS, RegistrationDraft, load_draft
from services.registration_submit import warnings_for as draft_warnings

FLOW = "dangky"
PREFIX = "rg"
NONE = "-"  # button data for "no title" / "no form of commendation"
MAX_LIST_CHARS = 2500  # the list shown in a message; the whole list is in the Excel register
MAX_WARNINGS_SHOWN = 10


def cb(*args: object) -> str:
    return callback_data(PREFIX, *args)


def start_button(round_id: int) -> Choice:
    """ "📝 Đăng ký thi đua": starts /dangky on this round from elsewhere (/nhiemvu, a reminder, /nopbaocao)."""
    return Choice(label("reg.start_button"), cb("go", round_id))


async def catalog() -> AwardCatalog:
    """The shipped catalogue; its first read is file I/O, kept off the event loop."""
    return await asyncio.to_thread(default_catalog)


# ---------------------------------------------------------------- dialog state
def at_step(ctx: FlowContext, *steps: str) -> None:
    """A button of this flow counts only at the step that showed it; anything else is a stale press."""
    if ctx.dialog.flow != FLOW or ctx.dialog.step not in steps:
        raise Refusal("common.stale_button")


def draft_of(ctx: FlowContext) -> RegistrationDraft:
    if ctx.dialog.flow != FLOW:
        raise Refusal("common.stale_button")
    return load_draft(ctx.dialog.data.get("draft", {}))


def round_of(ctx: FlowContext) -> int:
    value = ctx.dialog.data.get("round")
    if not isinstance(value, int):
        raise Refusal("common.session_expired")
    return value


def keep(ctx: FlowContext, step: str, draft: RegistrationDraft | None = None, **extra: object) -> None:
    """Move to ``step``, storing the draft (when given) and any extra values."""
    if draft is not None:
        extra["draft"] = draft.model_dump(mode="json")
    ctx.dialog.go(FLOW, step, **extra)


def editing(ctx: FlowContext) -> bool:
    return bool(ctx.dialog.data.get("editing"))


# ---------------------------------------------------------------- buttons
def award_rows(awards: Sequence[Award], action: str, none_key: str) -> Keyboard:
    rows = [(Choice(Label(award.name), cb(action, award.code)),) for award in awards]
    return (*rows, (Choice(label(none_key), cb(action, NONE)),))


def people_keyboard(draft: RegistrationDraft) -> Keyboard:
    last = [Choice(label("reg.list_done_button"), cb("done"))]
    if draft.people:
        last.append(Choice(label("reg.clear_list_button"), cb("clr")))
    return (
        (Choice(label("reg.add_one_button"), cb("one")),),
        (Choice(label("reg.template_button"), cb("tpl")),),
        tuple(last),
    )


# ---------------------------------------------------------------- texts
def size_text(size: int) -> RichText:
    if size < 1024 * 1024:
        return t("reg.size_kb", n=max(1, round(size / 1024)))
    return t("reg.size_mb", n=f"{size / (1024 * 1024):.1f}".replace(".", ","))


def target_text(catalog_: AwardCatalog, person: PersonEntry) -> str:
    """ "CSTĐCS", "Giấy khen" or "LĐTT + Giấy khen": the short names people use."""
    title, award = (catalog_.find(code) if code else None for code in (person.title_code, person.award_code))
    if title is not None and award is not None:
        return plain("reg.target_both", title=title.short, award=award.short)
    either = title or award
    return either.short if either is not None else plain("reg.no_position")


def list_text(catalog_: AwardCatalog, draft: RegistrationDraft, limit: int | None = MAX_LIST_CHARS) -> RichText:
    """The numbered list; cut at ``limit`` characters (with a count of the rest) so one message stays readable.

    The Office sees it whole (``limit`` None): a long list goes out as several messages.
    """
    if not draft.people:
        return t("reg.list_empty")
    lines = [t("reg.list_header", count=len(draft.people))]
    used = len(lines[0].markup)
    for number, person in enumerate(draft.people, 1):
        line = t(
            "reg.list_line",
            no=number,
            name=person.full_name,
            position=person.position or t("reg.no_position"),
            target=target_text(catalog_, person),
        )
        if limit is not None and used + len(line.markup) > limit:
            lines.append(t("reg.list_more", count=len(draft.people) - number + 1))
            break
        lines.append(line)
        used += len(line.markup) + 1
    return RichText.join(lines)


def warnings_text(warnings: Sequence[RuleWarning]) -> RichText:
    lines = [t("reg.warnings_header", count=len(warnings))]
    lines += [RichText(f"{n}. {render_issue(w.key, w.values)}") for n, w in enumerate(warnings[:MAX_WARNINGS_SHOWN], 1)]
    if len(warnings) > MAX_WARNINGS_SHOWN:
        lines.append(t("reg.more_warnings", count=len(warnings) - MAX_WARNINGS_SHOWN))
    return RichText.join(lines)


def _counts(catalog_: AwardCatalog, people: Sequence[PersonEntry]) -> RichText:
    tally = Counter(code for p in people for code in (p.title_code, p.award_code) if code)
    ordered = [a for a in catalog_.awards if a.code in tally]  # titles first, then forms, in file order
    return RichText.join(t("reg.summary_count_line", title=a.name, n=tally[a.code]) for a in ordered)


def _name_or_none(catalog_: AwardCatalog, code: str | None) -> object:
    award = catalog_.find(code) if code else None
    return award.name if award else Ref("reg.summary_none")


def summary_text(
    catalog_: AwardCatalog, draft: RegistrationDraft, *, unit: str, year: object, warnings: Sequence[RuleWarning]
) -> RichText:
    scan = f"{draft.scan.name} ({size_text(draft.scan.size)})" if draft.scan else "—"
    parts = [
        t(
            "reg.summary",
            unit=unit,
            year=year,
            collective=_name_or_none(catalog_, draft.collective_title_code),
            collective_award=_name_or_none(catalog_, draft.collective_award_code),
            count=len(draft.people),
            counts=_counts(catalog_, draft.people),
            commitments=draft.commitments or Ref("reg.summary_no_commitments"),
            scan=scan,
        )
    ]
    if draft.people:
        parts.append(list_text(catalog_, draft))
    if warnings:
        parts += [warnings_text(warnings), t("reg.warnings_footer")]
    return RichText.join(parts, "\n\n")


# ---------------------------------------------------------------- the prompts of each part
async def ask_collective(
    ctx: FlowContext, draft: RegistrationDraft, intro: RichText | None = None, *, new_message: bool = False
) -> None:
    titles = (await catalog()).select(Kind.DANH_HIEU, subject=Subject.TAP_THE, on=ctx.today)
    keep(ctx, "collective", draft)
    text = t("reg.choose_collective")
    show = ctx.say if new_message else ctx.edit
    show(RichText(f"{intro}\n\n{text}") if intro else text, award_rows(titles, "ct", "reg.no_collective_button"))


async def ask_collective_award(ctx: FlowContext, draft: RegistrationDraft, intro: RichText | None = None) -> None:
    forms = (await catalog()).select(Kind.HINH_THUC, subject=Subject.TAP_THE, on=ctx.today)
    keep(ctx, "collective_award", draft)
    text = t("reg.choose_collective_award")
    ctx.edit(
        RichText(f"{intro}\n\n{text}") if intro else text, award_rows(forms, "ca", "reg.no_collective_award_button")
    )


def ask_member_count(ctx: FlowContext, draft: RegistrationDraft) -> None:
    keep(ctx, "members", draft)
    ctx.edit(t("reg.ask_member_count"), ((Choice(label("reg.skip_button"), cb("mc")),),))


async def ask_people(ctx: FlowContext, draft: RegistrationDraft) -> None:
    keep(ctx, "people", draft)
    text = t("reg.ask_individuals")
    if draft.people:
        text = RichText(f"{text}\n\n{list_text(await catalog(), draft)}")
    ctx.edit(text, people_keyboard(draft))


def ask_commitments(ctx: FlowContext, draft: RegistrationDraft) -> None:
    keep(ctx, "commitments", draft)
    text = t("reg.ask_commitments", limit=MAX_COMMITMENT_CHARS)
    if draft.commitments:
        text = RichText(f"{text}\n\n{t('reg.commitments_current', text=draft.commitments)}")
    ctx.edit(text, ((Choice(label("reg.skip_button"), cb("skip")),),))


def ask_scan(ctx: FlowContext, draft: RegistrationDraft) -> None:
    keep(ctx, "scan", draft)
    buttons: Keyboard = (
        ((Choice(label("reg.back_to_summary_button"), cb("sum")),),) if editing(ctx) and draft.scan else ()
    )
    ctx.edit(t("reg.ask_scan"), buttons)


async def show_summary(ctx: FlowContext, draft: RegistrationDraft) -> None:
    """The summary with the warnings, and [Gửi] bound to a one-time token: a replayed press sends nothing."""
    catalog_ = await catalog()
    warnings = draft_warnings(catalog_, draft, ctx.today)
    token = secrets.token_urlsafe(6)
    keep(ctx, "confirm", draft, token=token, editing=True)
    data = ctx.dialog.data
    text = summary_text(catalog_, draft, unit=str(data.get("unit", "")), year=data.get("year", ""), warnings=warnings)
    send_key = "reg.send_anyway_button" if warnings else "reg.send_button"
    ctx.edit(
        text,
        (
            (Choice(label(send_key), cb("send", token)),),
            (Choice(label("reg.edit_button"), cb("edit")), Choice(label("reg.cancel_button"), cb("x"))),
        ),
    )


async def after_collective(ctx: FlowContext, draft: RegistrationDraft) -> None:
    await (show_summary(ctx, draft) if editing(ctx) else ask_people(ctx, draft))


async def after_people(ctx: FlowContext, draft: RegistrationDraft) -> None:
    if editing(ctx):
        await show_summary(ctx, draft)
    else:
        ask_commitments(ctx, draft)


async def after_commitments(ctx: FlowContext, draft: RegistrationDraft) -> None:
    if editing(ctx) and draft.scan is not None:
        await show_summary(ctx, draft)
    else:
        ask_scan(ctx, draft)
