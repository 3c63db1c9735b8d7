"""/hoso: a dossier's documents — which part (what is missing first), whose (for a per-person part), the
file; and the documents sent back to whoever may see them (the Office's reads of a unit's files audited)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.catalog import label, t
from core.messages import Choice, OutgoingDocument
from core.text import RichText
from handlers.context import FlowContext
from handlers.routes import Routes, callback_data, int_arg
from handlers.yearend.common import back, catalog, dossier_rules, rows
from services.award_models import Award
from services.dossiers import proposals, views
from services.dossiers.proposals import StoredFile
from services.errors import Refusal

FLOW = "dossier"
P = "hs"
Show = Callable[[FlowContext, int, RichText | None], Awaitable[None]]
Action = Callable[[FlowContext, list[str]], Awaitable[None]]


def _id(args: list[str], index: int = 0) -> int:
    value = int_arg(args, index)
    if value is None:
        raise Refusal("common.stale_button")
    return value


def _short(award: Award | None) -> str:
    return award.short if award else ""


async def _upload(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    rules = await dossier_rules()
    view = await views.view(ctx.session, ctx.actor, dossier_id, rules)
    missing = {m.part for m in view.missing}
    ordered = sorted(rules.parts, key=lambda p: (p.code not in missing, rules.parts.index(p)))
    choices = [
        Choice(
            label("dossier.flow.part_choice", mark="⏳ " if p.code in missing else "", part=p.name),
            callback_data(P, "pp", dossier_id, p.code),
        )
        for p in ordered
    ]
    ctx.say(t("dossier.flow.which_part"), rows(*choices, back(callback_data(P, "d", dossier_id))))


async def _part(ctx: FlowContext, args: list[str]) -> None:
    dossier_id, code = _id(args), (args[1] if len(args) > 1 else "")
    rules = await dossier_rules()
    part = next((p for p in rules.parts if p.code == code), None)
    if part is None:
        raise Refusal("dossier.unknown_part")
    view = await views.view(ctx.session, ctx.actor, dossier_id, rules)
    if part.per_nominee:
        awards = await catalog()
        choices = [
            Choice(
                label("dossier.flow.nominee_choice", name=n.full_name, award=_short(awards.find(n.award_code))),
                callback_data(P, "pn", dossier_id, code, n.id),
            )
            for n in view.nominees
        ]
        if not choices:
            raise Refusal("dossier.part_needs_nominee", part=part.name)
        ctx.say(t("dossier.flow.whose", part=part.name), rows(*choices, back(callback_data(P, "up", dossier_id))))
        return
    await _ask_file(ctx, dossier_id, code, None, part.name)


async def _part_nominee(ctx: FlowContext, args: list[str]) -> None:
    dossier_id, code, nominee_id = _id(args), (args[1] if len(args) > 1 else ""), _id(args, 2)
    rules = await dossier_rules()
    part = next((p for p in rules.parts if p.code == code), None)
    if part is None:
        raise Refusal("dossier.unknown_part")
    await _ask_file(ctx, dossier_id, code, nominee_id, part.name)


async def _ask_file(ctx: FlowContext, dossier_id: int, part: str, nominee_id: int | None, name: str) -> None:
    ctx.dialog.go(FLOW, "file", dossier=dossier_id, part=part, nominee=nominee_id)
    ctx.say(t("dossier.flow.ask_file", part=name), rows(back(callback_data(P, "d", dossier_id))))


async def _download(ctx: FlowContext, args: list[str]) -> None:
    dossier_id = _id(args)
    rules = await dossier_rules()
    for doc in await views.document(ctx.session, ctx.actor, dossier_id, ctx.now):
        if ctx.files is None or not ctx.files.exists(doc.sha256):
            ctx.say(t("review.file_lost", name=doc.file_name))
            continue
        content = await ctx.files.read(doc.sha256)
        caption = t("dossier.flow.file_caption", id=dossier_id, part=rules.part(doc.part).name)
        ctx.send_document(OutgoingDocument(file_name=doc.file_name, content=content), caption)


ACTIONS: dict[str, Action] = {"up": _upload, "pp": _part, "pn": _part_nominee, "dl": _download}


def register_steps(routes: Routes, show: Show) -> None:
    async def file_step(ctx: FlowContext) -> None:
        dossier_id = int(ctx.dialog.data["dossier"])
        upload = ctx.upload
        if upload is None:
            raise Refusal("dossier.flow.send_file")
        nominee = ctx.dialog.data.get("nominee")
        await proposals.attach(
            ctx.session,
            ctx.actor,
            dossier_id,
            str(ctx.dialog.data["part"]),
            StoredFile(upload.sha256, upload.file_name, upload.mime_type, upload.size),
            ctx.now,
            rules=await dossier_rules(),
            nominee_id=int(nominee) if isinstance(nominee, int) else None,
        )
        await show(ctx, dossier_id, t("dossier.flow.attached", name=upload.file_name))

    routes.step(FLOW, "file", file_step, accepts_files=True)
