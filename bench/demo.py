"""Benchmark: ``childfirst demo`` at scale, on SQLite and (if it is running) PostgreSQL.

Each run gets a throwaway database: an SQLite file in a temporary folder, or a
PostgreSQL database ``demo_bench`` created for it and dropped afterwards. The
database is migrated first (not timed); then the demo is loaded twice, with and
without its history rows, and the benchmark prints the seconds, children a second
and the ratio of the two (the cost of history).

    python bench/demo.py                  # 20,000 children
    python bench/demo.py --children 2000  # quicker
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
BENCH_DATABASE = "demo_bench"
ROOT = Path(__file__).resolve().parent.parent


def childfirst(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "childfirst.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"childfirst {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def sqlite_database() -> Iterator[tuple[dict[str, str], Path]]:
    with tempfile.TemporaryDirectory(prefix="childfirst-bench-") as folder:
        path = Path(folder) / "bench.sqlite3"
        env = {
            **os.environ,
            "CHILDFIRST_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{path}",
            "CHILDFIRST_DEMO": "1",  # the demo runs only in demo mode
        }
        yield env, path


def analyse(url: str) -> None:
    """Planner statistics, as production's autovacuum would have them (it is off on
    these machines' PostgreSQL): without them the plans are not production's."""
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def postgres_reachable() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def postgres_database() -> Iterator[tuple[dict[str, str], None]]:
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {BENCH_DATABASE}")
    with tempfile.TemporaryDirectory(prefix="childfirst-bench-") as folder:
        env = {
            **os.environ,
            "CHILDFIRST_DATA_DIR": folder,
            "DATABASE_URL": f"{POSTGRES}/{BENCH_DATABASE}",
            "CHILDFIRST_DEMO": "1",  # the demo runs only in demo mode
        }
        try:
            yield env, None
        finally:
            admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def load(database: str, children: int, history: bool) -> tuple[float, float]:
    """Seconds for the whole command and for the loading it reports itself."""
    make = sqlite_database if database == "SQLite" else postgres_database
    with make() as (env, path):
        childfirst(env, "migrate", "--no-input", "-v", "0")
        flags = [] if history else ["--no-history"]
        started = time.perf_counter()
        output = childfirst(env, "demo", "--children", str(children), *flags)
        seconds = time.perf_counter() - started
        if path:
            size = path.stat().st_size / 1e6
            print(f"  ({database} file {size:,.0f} MB)", file=sys.stderr)
    match = re.search(r"Loaded in ([\d.]+) s", output)
    if not match:
        sys.exit(f"No 'Loaded in' line in the output:\n{output}")
    return seconds, float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    args = parser.parse_args()
    n = args.children

    databases = ["SQLite"]
    if postgres_reachable():
        databases.append("PostgreSQL")
    else:
        print(f"PostgreSQL is not reachable at {POSTGRES}: SQLite only.")

    print(f"childfirst demo --children {n:,}")
    print(
        f"{'database':<11} {'history':<8} {'command s':>9} {'loading s':>9} "
        f"{'children/s':>10} {'history cost':>12}"
    )
    for database in databases:
        without = load(database, n, history=False)
        with_history = load(database, n, history=True)
        for label, (command, loading) in (("no", without), ("yes", with_history)):
            ratio = f"{loading / without[1]:.2f}x" if label == "yes" else ""
            print(
                f"{database:<11} {label:<8} {command:>9.1f} {loading:>9.1f} "
                f"{n / loading:>10,.0f} {ratio:>12}"
            )


if __name__ == "__main__":
    main()
