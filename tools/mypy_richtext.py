"""A mypy plugin: rich text may not be formatted into a plain string (issue 11).

``RichText`` raises at run time when it is put in an f-string, ``str.format`` or ``str()``, because
its markup would leak into plain text (a label, a file, a log). mypy turns an f-string into
``str.format`` calls, so hooking ``str.format`` and ``str()`` makes the same rule a type error.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import FunctionContext, MethodContext, Plugin
from mypy.types import Instance, Type, UnionType, get_proper_type

RICH = "core.text.RichText"
MESSAGE = "RichText cannot be formatted into plain text: use RichText.join/t(), or to_plain() for plain text"


def _is_rich(typ: Type) -> bool:
    proper = get_proper_type(typ)
    if isinstance(proper, Instance):
        return proper.type.fullname == RICH
    if isinstance(proper, UnionType):
        return any(_is_rich(item) for item in proper.items)
    return False


def _check_format(ctx: MethodContext) -> Type:
    for types in ctx.arg_types:
        for typ in types:
            if _is_rich(typ):
                ctx.api.fail(MESSAGE, ctx.context)
                return ctx.default_return_type
    return ctx.default_return_type


def _check_str(ctx: FunctionContext) -> Type:
    for types in ctx.arg_types:
        for typ in types:
            if _is_rich(typ):
                ctx.api.fail(MESSAGE, ctx.context)
    return ctx.default_return_type


class RichTextPlugin(Plugin):
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _check_format if fullname == "builtins.str.format" else None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return _check_str if fullname == "builtins.str" else None


def plugin(version: str) -> type[Plugin]:
    return RichTextPlugin
