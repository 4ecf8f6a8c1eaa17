"""A tiny HTTP/1.1 server on 127.0.0.1 for the fetch tests: real sockets, real bytes.

Routes map a path to a handler returning a :class:`Reply`; a reply body may be bytes
or an async iterator (streamed without Content-Length, then the connection closes).
The server counts requests in flight per Host header and remembers the most seen at
once, and logs every request, so tests can check politeness from the server's side.
It runs its own event loop in a thread so tests can drive the client with
``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]

    @property
    def host(self) -> str:
        return self.headers.get("host", "").split(":", 1)[0]


@dataclass
class Reply:
    status: int = 200
    body: bytes | AsyncIterator[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Handler = Callable[[Request], Reply | Awaitable[Reply]]
_REASONS = {200: "OK", 301: "Moved", 302: "Found", 304: "Not Modified", 404: "Not Found",
            429: "Too Many Requests", 500: "Server Error", 503: "Unavailable"}


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.log: list[Request] = []
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop
        ).result()
        self.port: int = self._server.sockets[0].getsockname()[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, handler: Handler | Reply) -> None:
        if isinstance(handler, Reply):
            reply = handler
            self.routes[path] = lambda request: reply
        else:
            self.routes[path] = handler

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def close(self) -> None:
        async def stop() -> None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _version = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                request = Request(method, path, headers)
                with self._lock:
                    self.log.append(request)
                    self.in_flight[request.host] += 1
                    self.max_in_flight[request.host] = max(
                        self.max_in_flight[request.host], self.in_flight[request.host]
                    )
                try:
                    keep = await self._answer(request, writer)
                finally:
                    with self._lock:
                        self.in_flight[request.host] -= 1
                if not keep:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _answer(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        handler = self.routes.get(request.path) or self.routes.get(request.path.split("?")[0])
        if handler is None:
            reply = Reply(404, b"not found")
        else:
            result = handler(request)
            reply = await result if asyncio.iscoroutine(result) else result  # type: ignore[assignment]
        if reply.delay:
            await asyncio.sleep(reply.delay)
        status_line = f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}\r\n"
        headers = dict(reply.headers)
        streamed = not isinstance(reply.body, bytes)
        if streamed:
            headers["Connection"] = "close"
        else:
            headers.setdefault("Content-Length", str(len(reply.body)))  # type: ignore[arg-type]
        head = status_line + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        writer.write(head.encode("latin-1"))
        if streamed:
            async for chunk in reply.body:  # type: ignore[union-attr]
                writer.write(chunk)
                await writer.drain()
            return False
        writer.write(reply.body)  # type: ignore[arg-type]
        await writer.drain()
        return True
