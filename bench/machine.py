"""The machine a benchmark ran on (cores, CPU model, memory, load), printed by every bench and
recorded beside its numbers in RESULTS.md: a figure without its machine cannot be compared.

Also owns appending a section to RESULTS.md, so every bench records results the same way and never
rewrites a section another bench wrote.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> str:
    mem = ""
    try:
        kb = int(next(ln for ln in Path("/proc/meminfo").read_text().splitlines()
                      if ln.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        # Shared machines: the load beside a timing says how much of it was other people's work.
        load = ", load avg {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg())
    return (f"{os.cpu_count()} cores, {cpu_model()}{mem}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}{load}")


def command_line() -> str:
    """The command as run from the project root, for copying from RESULTS.md."""
    script = os.path.relpath(os.path.abspath(sys.argv[0]), Path(__file__).resolve().parents[1])
    return " ".join([".venv/bin/python", script, *sys.argv[1:]])


def append_results(title: str, body: str, results: Path = RESULTS) -> None:
    """Appends one dated section with the command and the machine; earlier sections are left as they are."""
    header = "" if results.exists() else "# Benchmark results\n\nEach section is appended by the bench that " \
                                         "produced it (command, date, machine), newest last.\n"
    section = (f"\n## {title}\n\n- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}\n- Command: `{command_line()}`\n"
               f"- Machine: {describe()}\n\n{body.rstrip()}\n")
    with results.open("a", encoding="utf-8") as fh:
        fh.write(header + section)


if __name__ == "__main__":
    print(describe())
