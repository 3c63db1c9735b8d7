"""/hoso, the proposing unit's side: a nomination dossier with its nominees, eligibility and documents
(domain.md §1.6, §2.5).

    /hoso → the year's dossiers · [Lập hồ sơ mới] → (the Office: which of its units) → category → card
    card → [Thêm cá nhân] → "Họ tên, chức vụ" → award → eligibility shown with its legal basis
         → [Thêm tập thể] → (the Office: which unit) → award → eligibility
         → [Gửi tài liệu] → part (what is missing first) → (whose, for a per-person part) → the file
         → [Gửi Văn phòng] (refused while something required is missing) → the Office is told

The Office's moves on a dossier (receive, return with a reason and a new deadline, eligible or not,
to the council) are in dossiers_office.py. Every press names a dossier; services/dossiers re-checks
that the caller proposes for its unit (or is the Office) and that it may still change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.catalog import Ref, has, label, t
from core.messages import Choice
from core.text import RichText, shorten
from handlers.context import FlowContext
from handlers.office_format import nav_row, page_of
from handlers.routes import LINKED, Routes, action_table, callback_data, int_arg
from handlers.yearend import dossiers_documents, dossiers_office
from handlers.yearend.common import (
    back,
    catalog,
    dossier_rules,
    guard,
    rows,
    say_long,
    tell_office,
    typed,
    year_of,
)
from services.award_models import Subject
from services.dossiers import proposals, views
from services.dossiers.history import record_history
from services.dossiers.lifecycle import move, status_label
from services.errors import Refusal
from storage.models import Dossier, DossierStatus

FLOW = "dossier"
P = "hs"
LIST_PAGE = 8
ICONS = {"ok": "✅", "warn": "⚠️", "manual": "❓", "fail": "❌"}
EDITABLE = (DossierStatus.DRAFT, DossierStatus.RETURNED)
# The Office looks at what waits for it first.
ORDER = {DossierStatus.SENT: 0, DossierStatus.RECEIVED: 1, DossierStatus.RETURNED: 2, DossierStatus.DRAFT: 3}


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


async def start(ctx: FlowContext) -> None:
    await show_list(ctx, 1)


async def show_list(ctx: FlowContext, page: int) -> None:
    ctx.dialog.clear()
    year = year_of(ctx)
    units = await views.proposer_units(ctx.session, ctx.actor)
    if not units and not ctx.actor.is_admin:
        raise Refusal("common.not_linked")
    found = sorted(
        await proposals.dossiers_for(ctx.session, ctx.actor, year), key=lambda d: (ORDER.get(d.status, 9), d.id)
    )
    names = await views.unit_names(ctx.session, [d.unit_id for d in found])
    shown, page, pages = page_of(found, page, LIST_PAGE)
    choices = [
        Choice(
            label(
                "dossier.flow.item", id=d.id, unit=shorten(names.get(d.unit_id, "?"), 30), status=status_label(d.status)
            ),
            callback_data(P, "d", d.id),
        )
        for d in shown
    ]
    nav = nav_row(page, pages, P, "l")
    text = t("dossier.flow.list", year=year, count=len(found)) if found else t("dossier.flow.none", year=year)
    ctx.say(
        text,
        (
            *rows(*choices),
            *((nav,) if nav else ()),
            *rows(Choice(label("dossier.flow.new_button"), callback_data(P, "new")) if units else None),
        ),
    )


# --- a new dossier -------------------------------------------------------------------------------------------


async def _new(ctx: FlowContext, args: list[str]) -> None:
    units = await views.proposer_units(ctx.session, ctx.actor)
    if len(units) == 1:
        await _ask_category(ctx, units[0].id)
        return
    choices = [Choice(label("dossier.flow.unit_choice", unit=u.name), callback_data(P, "nu", u.id)) for u in units]
    ctx.say(t("dossier.flow.which_unit"), rows(*choices, back(callback_data(P, "l", 1))))


async def _ask_category(ctx: FlowContext, unit_id: int) -> None:
    choices = [
        Choice(label(f"dossier.category.{code}"), callback_data(P, "nc", unit_id, code))
        for code in proposals.CATEGORIES
    ]
    ctx.say(t("dossier.flow.which_category"), rows(*choices, back(callback_data(P, "l", 1))))


async def _new_unit(ctx: FlowContext, args: list[str]) -> None:
    await _ask_category(ctx, _id(args))


async def _create(ctx: FlowContext, args: list[str]) -> None:
    category = args[1] if len(args) > 1 else ""
    dossier = await proposals.create_dossier(ctx.session, ctx.actor, _id(args), year_of(ctx), category, ctx.now)
    await show_dossier(ctx, dossier.id, t("dossier.flow.created", id=dossier.id))


# --- the card ---------------------------------------------------------------------------------------------------


def check_lines(checks: Sequence[Mapping[str, Any]]) -> list[RichText]:
    """The eligibility checks as kept on the nominee: each with its level and its legal basis (a basis
    already named by an earlier line of the same nominee is not repeated)."""
    lines, named = [], set()
    for check in checks:
        text = t(str(check["key"]), **dict(check.get("values") or {}))
        icon = ICONS.get(str(check.get("level")), "•")
        basis = str(check.get("basis") or "")
        if has(basis):  # a rule of the catalogue names its message, not a legal text
            basis = ""
        key = "dossier.flow.check_basis" if basis and basis not in named else "dossier.flow.check"
        named.add(basis)
        lines.append(t(key, icon=icon, text=text, basis=basis))
    return lines


async def show_dossier(ctx: FlowContext, dossier_id: int, notice: RichText | None = None) -> None:
    rules = await dossier_rules()
    awards = await catalog()
    view = await views.view(ctx.session, ctx.actor, dossier_id, rules)
    ctx.dialog.clear()
    d = view.dossier
    head = [
        notice,
        t(
            "dossier.flow.card",
            id=d.id,
            unit=view.unit,
            year=d.year,
            category=Ref(f"dossier.category.{d.category}"),
            status=status_label(d.status),
        ),
    ]
    if d.status is DossierStatus.RETURNED and d.return_reason:
        due = d.resubmit_by.strftime("%d/%m/%Y") if d.resubmit_by else "—"
        head.append(t("dossier.flow.returned", reason=d.return_reason, due=due))
    lines: list[RichText] = [t("dossier.flow.nominees", count=len(view.nominees))]
    for n, nominee in enumerate(view.nominees, 1):
        award = awards.find(nominee.award_code)
        lines.append(
            t(
                "dossier.flow.nominee",
                n=n,
                name=nominee.full_name,
                position=t("dossier.flow.position", position=nominee.position) if nominee.position else "",
                award=award.name if award else nominee.award_code,
            )
        )
        lines += check_lines(nominee.eligibility)
    lines.append(t("dossier.flow.documents", count=len(view.documents)))
    lines += [t("dossier.flow.document", part=rules.part(doc.part).name, name=doc.file_name) for doc in view.documents]
    if view.missing:
        lines.append(t("dossier.flow.missing_head"))
        lines += [
            t(
                "dossier.flow.missing",
                part=m.name,
                who=t("dossier.flow.missing_who", name=m.nominee) if m.nominee else "",
            )
            for m in view.missing
        ]
    elif view.nominees:
        lines.append(t("dossier.flow.complete"))
    say_long(ctx, RichText.lines(*head), lines, _choices(ctx, d, view.own, bool(view.documents)))


def _choices(ctx: FlowContext, d: Dossier, own: bool, has_documents: bool) -> tuple[tuple[Choice, ...], ...]:
    edit = own and d.status in EDITABLE
    return rows(
        Choice(label("dossier.flow.add_person"), callback_data(P, "ap", d.id)) if edit else None,
        Choice(label("dossier.flow.add_collective"), callback_data(P, "ac", d.id)) if edit else None,
        Choice(label("dossier.flow.upload"), callback_data(P, "up", d.id)) if edit else None,
        Choice(label("dossier.flow.submit"), callback_data(P, "sub", d.id)) if edit else None,
        Choice(label("dossier.flow.download"), callback_data(P, "dl", d.id)) if has_documents else None,
        *dossiers_office.choices(ctx, d),
        back(callback_data(P, "l", 1)),
    )


# --- nominees -----------------------------------------------------------------------------------------------------


async def _add_person(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    await views.view(ctx.session, ctx.actor, dossier_id, await dossier_rules())  # may the caller see it at all
    ctx.dialog.go(FLOW, "person", dossier=dossier_id)
    ctx.say(t("dossier.flow.ask_person"), rows(back(callback_data(P, "d", dossier_id))))


async def person_step(ctx: FlowContext) -> None:
    dossier_id = int(ctx.dialog.data["dossier"])
    text = typed(ctx)
    for separator in (" – ", " - ", ",", ";"):
        if separator in text:
            name, position = (part.strip() for part in text.split(separator, 1))
            break
    else:
        name, position = text, ""
    if not name or len(name) > 255:
        raise Refusal("dossier.bad_name")
    ctx.dialog.go(FLOW, "award", subject=Subject.CA_NHAN.value, name=name, position=position[:120], unit=None)
    await _ask_award(ctx, dossier_id, Subject.CA_NHAN, name)


async def _add_collective(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    view = await views.view(ctx.session, ctx.actor, dossier_id, await dossier_rules())
    units = await views.proposer_units(ctx.session, ctx.actor)
    if ctx.actor.is_admin and len(units) > 1:  # the Office proposes one of its own units
        choices = [
            Choice(label("dossier.flow.unit_choice", unit=u.name), callback_data(P, "acu", dossier_id, u.id))
            for u in units
        ]
        ctx.say(t("dossier.flow.which_collective"), rows(*choices, back(callback_data(P, "d", dossier_id))))
        return
    await _collective_award(ctx, dossier_id, view.dossier.unit_id, view.unit)


async def _collective_unit(ctx: FlowContext, args: list[str]) -> None:
    dossier_id, unit_id = _id(args), _id(args, 1)
    names = await views.unit_names(ctx.session, [unit_id])
    await _collective_award(ctx, dossier_id, unit_id, names.get(unit_id, ""))


async def _collective_award(ctx: FlowContext, dossier_id: int, unit_id: int, name: str) -> None:
    ctx.dialog.go(
        FLOW, "award", dossier=dossier_id, subject=Subject.TAP_THE.value, name=name, position="", unit=unit_id
    )
    await _ask_award(ctx, dossier_id, Subject.TAP_THE, name)


async def _ask_award(ctx: FlowContext, dossier_id: int, subject: Subject, name: str) -> None:
    awards = views.awards_for(await catalog(), subject, ctx.today)
    choices = [
        Choice(label("dossier.flow.award_choice", award=a.label), callback_data(P, "aw", dossier_id, a.code))
        for a in awards
    ]
    ctx.say(t("dossier.flow.which_award", name=name), rows(*choices, back(callback_data(P, "d", dossier_id))))


async def _award(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    guard(ctx, FLOW, ("award",), dossier=dossier_id)
    data = ctx.dialog.data
    unit = data.get("unit")
    nominee, checks = await proposals.add_nominee(
        ctx.session,
        ctx.actor,
        dossier_id,
        subject=Subject(str(data["subject"])),
        full_name=str(data["name"]),
        award_code=args[1] if len(args) > 1 else "",
        now=ctx.now,
        catalog=await catalog(),
        rules=await dossier_rules(),
        history=record_history,
        position=str(data.get("position") or ""),
        unit_id=int(unit) if isinstance(unit, int) else None,
    )
    verdict = "dossier.flow.added_ok" if all(c.level.value != "fail" for c in checks) else "dossier.flow.added_fail"
    notice = RichText.join([t(verdict, name=nominee.full_name), *check_lines([c.to_json() for c in checks])])
    await show_dossier(ctx, dossier_id, notice)


# --- sending it to the Office ---------------------------------------------------------------------------------


async def _submit(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    await move(ctx.session, ctx.actor, dossier_id, "submit", ctx.now, rules=await dossier_rules())
    view = await views.view(ctx.session, ctx.actor, dossier_id, await dossier_rules())
    await tell_office(ctx, t("dossier.flow.office_notice", id=dossier_id, unit=view.unit, year=view.dossier.year))
    await show_dossier(ctx, dossier_id, t("dossier.flow.submitted"))


async def _list(ctx: FlowContext, args: list[str]) -> None:
    await show_list(ctx, int_arg(args, 0) or 1)


async def _card(ctx: FlowContext, args: list[str]) -> None:
    await show_dossier(ctx, _id(args))


def register(routes: Routes) -> None:
    routes.command("hoso", start, shown_to=LINKED, description_key="cmd.hoso")
    routes.callback(
        P,
        action_table(
            {
                "l": _list,
                "d": _card,
                "new": _new,
                "nu": _new_unit,
                "nc": _create,
                "ap": _add_person,
                "ac": _add_collective,
                "acu": _collective_unit,
                "aw": _award,
                **dossiers_documents.ACTIONS,
                "sub": _submit,
                **dossiers_office.actions(show_dossier),
            }
        ),
    )
    routes.step(FLOW, "person", person_step)
    routes.choices_only(FLOW, "award")
    dossiers_documents.register_steps(routes, show_dossier)
    dossiers_office.register_steps(routes, show_dossier)
