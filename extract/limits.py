"""A wall-clock limit for one piece of work (an article's extraction, a page's HTML text)."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator


class TimedOut(BaseException):
    """Raised by SIGALRM inside the limited work; a BaseException so that no broad
    ``except Exception`` in a stage swallows it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimedOut` in the block after ``seconds`` (SIGALRM: only in a process's
    main thread; elsewhere, or with no seconds, the block runs without a limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
