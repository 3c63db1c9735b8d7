"""The bot's few web pages: one small HTML document, no framework, no script, readable on a phone.

Every text comes from the catalogue: a :class:`~core.text.RichText` is already escaped markup
(``<b> <i> <code> <a href>``), so it goes into the page as it is; user data (a file name) reaches a
page only as a catalogue value, escaped there. The pages load nothing from elsewhere and are never
cached, and no browser sends their address (which holds the token) on as a Referer.
"""

from __future__ import annotations

import html

from aiohttp import web

from core.text import RichText

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:1rem;
 line-height:1.5;color:#1b1b1b;background:#f6f7f9}
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:.75rem;padding:1.25rem;
 box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 .75rem}
p{margin:.5rem 0;overflow-wrap:anywhere}
.note{color:#9b1c1c}
form{margin-top:1rem}
label{display:block;font-weight:600;margin-bottom:.5rem}
input[type=file]{display:block;width:100%;box-sizing:border-box;padding:.75rem;border:1px dashed #8a8f98;
 border-radius:.5rem;background:#fafafa;font-size:1rem}
button{display:block;width:100%;margin-top:1rem;padding:.85rem;font-size:1.05rem;font-weight:600;
 color:#fff;background:#0068ff;border:0;border-radius:.5rem}
"""


def page(
    title: str, *paragraphs: RichText, note: RichText | None = None, form: str = "", status: int = 200
) -> web.Response:
    """A whole page. ``title`` is plain text; ``note`` (a refusal) comes first; ``form`` is :func:`upload_form`'s."""
    body = "".join(f"<p>{part.markup}</p>" for part in paragraphs)
    if note is not None:
        body = f'<p class="note" role="alert">{note.markup}</p>' + body
    document = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{body}{form}</main></body></html>"
    )
    return web.Response(
        text=document, status=status, content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS
    )


def upload_form(accept: str, choose: str, submit: str) -> str:
    """The form: posts the file back to the page's own address (``action`` omitted keeps the token out of the HTML)."""
    return (
        '<form method="post" enctype="multipart/form-data">'
        f'<label for="file">{html.escape(choose)}</label>'
        f'<input type="file" id="file" name="file" accept="{html.escape(accept, quote=True)}" required>'
        f'<button type="submit">{html.escape(submit)}</button></form>'
    )
