"""Work the site build can do on a second processor core while this one renders pages.

The Báo cáo section (a register read back from Git for each report day, 24 monthly compilations
and their Excel files) takes as long as all the other pages together at 10,000 tasks and needs
nothing from them: on Linux with more than one core it runs in a forked copy of this process,
which already holds the register, so nothing has to be sent to it. Elsewhere (one core, no fork)
it simply runs in turn. Either way the files written are the same bytes.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from generator.errors import SiteError

T = TypeVar("T")


def can_fork() -> bool:
    """Fork is safe and useful: Linux (macOS forks unsafely, Windows cannot) and a second core."""
    return sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1


class Pending(Generic[T]):
    """Work started by `start`: its result, or its cancellation when the caller gives up."""

    def __init__(self, result: Callable[[], T], forked: bool, cancel: Callable[[], None] = lambda: None) -> None:
        self.result, self.forked, self.cancel = result, forked, cancel


def start(work: Callable[[], T]) -> Pending[T]:
    """Begin `work` in a forked process, or run it here when that is not possible or useful.

    `result()` waits and returns what `work` returned (small and picklable: what it writes to
    disk is its real output) or raises its exception; `cancel()` stops it, so that nothing is
    still writing into a folder the caller is about to remove."""
    if not can_fork():
        value = work()
        return Pending(lambda: value, False)
    for stream in (sys.stdout, sys.stderr):  # or the copy would print what is still buffered a second time
        stream.flush()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(work, sender), daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        try:
            ok, value = pickle.loads(receiver.recv_bytes())
        except EOFError:  # the process died without a word (killed, out of memory)
            process.join()
            raise SiteError(
                f"Tiến trình phụ dựng mục Báo cáo dừng đột ngột (mã thoát {process.exitcode}).",
                "Chạy lại lệnh; nếu vẫn lỗi, đóng bớt chương trình khác (máy có thể thiếu bộ nhớ).",
            ) from None
        finally:
            receiver.close()
        process.join()
        if ok:
            return value
        raise value

    def cancel() -> None:
        process.terminate()
        process.join()
        receiver.close()

    return Pending(result, True, cancel)


def _run(work: Callable[[], object], sender) -> None:
    try:
        message = (True, work())
    except BaseException as exc:  # handed to the parent, which raises it where it waits
        message = (False, exc)
    try:
        payload = pickle.dumps(message)
        pickle.loads(payload)  # an exception whose class cannot be rebuilt from its args fails here
    except Exception:
        text = "".join(traceback.format_exception(message[1])) if not message[0] else repr(message[1])
        payload = pickle.dumps((False, RuntimeError(text)))
    sender.send_bytes(payload)
    sender.close()
