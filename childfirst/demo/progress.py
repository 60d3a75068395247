"""A progress bar on one line of a terminal.

A dozen lines, so not worth a dependency (tqdm): it redraws only when the shown
percentage changes, and stays silent when the stream is not a terminal (logs, tests).
"""

from __future__ import annotations

import time
from typing import Protocol


class Stream(Protocol):
    def write(self, text: str) -> object: ...
    def flush(self) -> object: ...
    def isatty(self) -> bool: ...


class ProgressBar:
    def __init__(self, total: int, label: str, stream: Stream, width: int = 30) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream
        self.width = width
        self.shown = -1
        self.started = time.perf_counter()
        self.enabled = stream.isatty()

    def __call__(self, done: int) -> None:
        percent = done * 100 // self.total
        if not self.enabled or percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        seconds = time.perf_counter() - self.started
        self.stream.write(
            f"\r{self.label} [{bar}] {percent:3d}% {done}/{self.total} ({seconds:.0f} s)"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
