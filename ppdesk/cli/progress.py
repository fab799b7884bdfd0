"""Progress of a long command (bulk letters, exports) on standard error.

On a terminal one line is rewritten in place. Anywhere else (a scheduled run's log, a
pipe, a file) a carriage return would pile up into one unreadable line, so whole lines are
written instead: one about every ``percent`` of the total, one every ``every`` items when
the total is unknown, and one at the end, so the log shows how far the run got.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def progress_printer(
    unit: str,
    *,
    stream: TextIO | None = None,
    percent: int = 10,
    every: int = 50_000,
    minimum: int = 1,
    terminal: bool | None = None,
) -> Callable[[int, int | None], None]:
    """A ``progress(done, total)`` callback for a service, printing to ``stream`` (standard
    error by default). ``minimum``: never a line more often than this many items."""
    out = stream if stream is not None else sys.stderr
    tty = out.isatty() if terminal is None else terminal
    shown = [0]

    def report(done: int, total: int | None) -> None:
        finished = total is not None and done >= total
        if tty:
            if total and (finished or done - shown[0] >= max(1, total // 100)):
                shown[0] = done
                end = "\n" if finished else ""
                out.write(f"\r  {done:,}/{total:,} {unit}{end}")
                out.flush()
            return
        step = max(minimum, (total * percent // 100) if total else every)
        if (finished and done != shown[0]) or done - shown[0] >= step:
            shown[0] = done
            if total:
                line = f"  {done:,} of {total:,} {unit} ({done * 100 // total}%)"
            else:
                line = f"  {done:,} {unit}"
            out.write(line + "\n")
            out.flush()

    return report
