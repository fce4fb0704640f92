"""Work shared with forked processes: when forking is safe, and messages through pipes.

The loaders (:mod:`effplm_catalog.records`) and the quick check of an unchanged catalog
(:mod:`effplm_catalog.index`) split work with forked children that inherit everything
this process has and send back plain data in ``marshal`` format. Imports only ``os``,
``sys`` and ``marshal``: the quick check runs on the lightest imports.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")


def may_fork() -> bool:
    """Forking is safe only when no other thread runs (one might hold a lock the child needs);
    ``threading`` is consulted only when something imported it."""
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def send(fd: int, payload: bytes) -> None:
    """Write one message: its length (eight bytes), then the payload."""
    write_all(fd, len(payload).to_bytes(8, "little") + payload)


def receive(fd: int) -> bytes:
    """Read one message :func:`send` wrote; EOFError when the writer stopped before its end."""
    size = int.from_bytes(_read_exactly(fd, 8), "little")
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the process sending stopped early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Forked:
    """``work`` running in a forked process (call only when :func:`may_fork`), its result read
    back, once, by :meth:`result`."""

    def __init__(self, work: Callable[[], Any]) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, send the result, leave without running any cleanup
            code = 1
            try:
                os.close(read_end)
                send(write_end, marshal.dumps(work(), 2))  # format 2: no tracking of shared objects
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.fd = pid, read_end

    def result(self, otherwise: Callable[[], T]) -> T:
        """The work's result, or ``otherwise()`` (the same work, done here) when the process did
        not send it all; the process is waited for."""
        try:
            sent: T = marshal.loads(receive(self.fd))
        except (EOFError, ValueError, TypeError):
            sent = otherwise()
        finally:
            os.close(self.fd)
            os.waitpid(self.pid, 0)
        return sent
