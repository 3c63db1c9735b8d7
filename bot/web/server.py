"""The one HTTP server of a bot process (aiohttp): webhooks, file links, health and readiness.

Public interface (everything else is private):

- ``WebServer(host, port, max_body_bytes=…)``: nothing listens until :meth:`WebServer.start`.
- ``add_route(method, path, handler)`` / ``add_routes(table)``: mount aiohttp handlers (a
  ``web.RouteTableDef`` or any iterable of ``web.RouteDef``). Only before :meth:`start`: aiohttp
  freezes the router when it starts. Paths are the server's own; ``/healthz`` and ``/readyz``
  are taken.
- ``add_readiness_check(name, check)``: ``check`` is an async callable returning nothing (ready),
  or raising / returning ``False`` (not ready). ``/readyz`` runs every check, each within
  ``check_timeout`` seconds, and answers 200 ``{"ready": true, …}`` or 503 with the failing names.
  Checks may be added at any time (a channel adds its own once its ``getMe`` is done).
- ``start()`` / ``stop()``; ``port`` and ``url`` once started (``port=0`` picks a free one).
- ``drain()``: from then on ``/readyz`` answers 503 (a load balancer stops sending here) and
  every route mounted with ``add_route`` answers 503 with ``Retry-After`` (a webhook sender retries
  elsewhere or later); ``/healthz`` stays 200 until the process exits. The caller then finishes
  its in-flight work and calls :meth:`stop`.
- ``draining``: whether :meth:`drain` was called, for handlers that stream or wait.

``/healthz`` answers 200 while the process runs (liveness, no database). Every request body is
capped at ``max_body_bytes`` (413 before it is read when Content-Length says so, and aiohttp's own
cap on reading); a route that takes uploads sets a larger cap on its own ``add_route`` call.
Access logs are off: URLs can carry signed file links.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ReadinessCheck = Callable[[], Awaitable[object]]
KiB = 1024
DEFAULT_MAX_BODY = 1024 * KiB  # a Telegram update is a few KiB; Zalo's the same
_BODY_CAP = web.AppKey("body_cap", dict)  # path pattern → cap, for routes with their own


class WebServer:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8080,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY,
        check_timeout: float = 3.0,
        shutdown_timeout: float = 2.0,
    ) -> None:
        self.host, self.port = host, port
        self.max_body_bytes = max_body_bytes
        self.check_timeout = check_timeout
        self.shutdown_timeout = shutdown_timeout
        self._checks: dict[str, ReadinessCheck] = {}
        self._routes: list[tuple[str, str, Handler, int | None]] = []
        self._runner: web.AppRunner | None = None
        self._draining = False

    # --- building --------------------------------------------------------------------------------

    def add_route(self, method: str, path: str, handler: Handler, *, max_body_bytes: int | None = None) -> None:
        """Mount ``handler`` at ``path`` (aiohttp syntax, ``{name}`` parts); drained with the server."""
        if self._runner is not None:
            raise RuntimeError("routes must be added before the web server starts")
        if path in ("/healthz", "/readyz"):
            raise ValueError(f"{path} is the server's own")
        self._routes.append((method.upper(), path, handler, max_body_bytes))

    def add_routes(self, table: Iterable[web.AbstractRouteDef]) -> None:
        for route in table:
            if not isinstance(route, web.RouteDef):
                raise TypeError("only plain routes (web.RouteDef) can be added")
            self.add_route(route.method, route.path, route.handler)

    def add_readiness_check(self, name: str, check: ReadinessCheck) -> None:
        self._checks[name] = check

    # --- running ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def draining(self) -> bool:
        return self._draining

    async def start(self) -> None:
        largest = max([self.max_body_bytes, *(cap or 0 for *_, cap in self._routes)])
        app = web.Application(client_max_size=largest, middlewares=[self._guard])
        caps: dict[str, int] = {}
        app[_BODY_CAP] = caps
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        for method, path, handler, cap in self._routes:
            resource = app.router.add_route(method, path, handler).resource
            if resource is not None:
                caps[resource.canonical] = cap or self.max_body_bytes
        self._draining = False
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=self.shutdown_timeout)
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        log.info("HTTP server listening on %s:%s", self.host, self.port)

    def drain(self) -> None:
        if not self._draining:
            self._draining = True
            log.info("HTTP server draining: not ready, webhooks answered 503")

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            self._draining = True
            await runner.cleanup()

    # --- handlers --------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        info = request.match_info.route.resource
        own = info is not None and info.canonical in ("/healthz", "/readyz")
        if own:
            return await handler(request)
        if self._draining:
            return web.json_response({"ok": False, "description": "shutting down"}, status=503, headers=_RETRY)
        cap = request.app[_BODY_CAP].get(info.canonical, self.max_body_bytes) if info is not None else 0
        if request.content_length is not None and request.content_length > cap:
            return web.json_response({"ok": False, "description": "request body too large"}, status=413)
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:  # a chunked body past the cap
            return web.json_response({"ok": False, "description": "request body too large"}, status=413)

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def _readyz(self, request: web.Request) -> web.Response:
        if self._draining:
            return web.json_response({"ready": False, "failing": ["shutting down"]}, status=503)
        results = await asyncio.gather(*(self._run_check(name, check) for name, check in self._checks.items()))
        failing = [name for name, ok in results if not ok]
        body: dict[str, Any] = {"ready": not failing, "checks": dict(results)}
        if failing:
            body["failing"] = failing
        return web.json_response(body, status=503 if failing else 200)

    async def _run_check(self, name: str, check: ReadinessCheck) -> tuple[str, bool]:
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(check(), self.check_timeout)
        except Exception as exc:
            log.warning("readiness check %s failed after %.1fs: %s", name, time.monotonic() - started, exc)
            return name, False
        return name, result is not False


_RETRY = {"Retry-After": "5"}
