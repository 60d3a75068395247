"""Benchmark: the demo case audit's results page, PDF and workbook.

For each database (a throwaway SQLite file, and PostgreSQL if it is running) the
benchmark loads the demo service (not timed; without history rows), finds the demo's
case audit and times, median of five after a warm-up:

* **builders**: the figures (``views.results_context``'s selectors and ``summarise``),
  the Case answers rows (``exports.case_answer_rows``), the workbook from them
  (``exports.results_workbook``), the printable page's HTML and the PDF from that HTML
  (``ui.downloads.render_pdf``);
* **pages**: the results page, ``results.pdf`` and ``results.xlsx`` through Django's
  test client, signed in as a quality assurance auditor (the first by username, or
  ``--auditor``).

Each figure is printed as wall-clock milliseconds with, in brackets, the benchmark
process's own CPU milliseconds (steadier on a shared machine; it leaves out the time
PostgreSQL spends answering). Target (issue 14): the workbook and the PDF under 1 s
each for the demo audit.

    python bench/audit_exports.py                   # 20,000 children
    python bench/audit_exports.py --children 2000   # quicker
    python bench/audit_exports.py --database-url sqlite:////tmp/demo.sqlite3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import (  # bench/demo.py: the throwaway databases
    ROOT,
    childfirst,
    postgres_database,
    postgres_reachable,
    sqlite_database,
)

TODAY = "2025-06-30"

INNER = r"""
import json, statistics, time
import django
django.setup()
from collections import Counter
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from childfirst.accounts.models import User
from childfirst.audits import selectors
from childfirst.audits.exports import case_answer_rows, results_workbook
from childfirst.audits.models import Audit
from childfirst.audits.permissions import Scope
from childfirst.audits.presentation import summarise
from childfirst.casework.permissions import children_visible_to
from childfirst.ui.downloads import render_pdf

audit = Audit.objects.filter(name__endswith="(demo)").order_by("pk").first()
auditor = (
    User.objects.get(username=AUDITOR) if AUDITOR
    else User.objects.filter(role_assignments__role="auditor").order_by("username").first()
)


CPU = {}


def median(fn, runs=5):
    # Median wall-clock seconds of fn, and its value; the median of this process's CPU
    # seconds goes in CPU, in the order measured (steadier on a busy machine).
    value = fn()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        value = fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    CPU[len(CPU)] = statistics.median(cpu)
    return statistics.median(times), value


def figures():
    found = selectors.audit_result(audit)
    summary = summarise(found, selectors.standard_ratings(audit))
    counts = Counter(c.case_type for c in selectors.sampled_cases(audit))
    return summary, counts


def rows():
    cases = list(selectors.sampled_cases(audit))
    visible = set(children_visible_to(auditor).filter(pk__in={c.child_id for c in cases})
                  .values_list("pk", flat=True))
    return case_answer_rows(cases, selectors.framework_of(audit), visible)


framework = selectors.framework_of(audit)
figures_s, (summary, counts) = median(figures)
rows_s, case_rows = median(rows)
workbook_s, content = median(
    lambda: results_workbook(audit, summary, case_rows, Scope.FULL, framework))
context = {
    "audit": audit, "scope": Scope.FULL, "summary": summary, "framework": framework,
    "court_cases": counts.get("court", 0), "out_of_court_cases": counts.get("out_of_court", 0),
    "is_lead": False, "pdf": True, "printable": True, "printed_on": timezone.localdate(),
}
html_s, html = median(lambda: render_to_string("audits/print.html", context))
pdf_s, pdf = median(lambda: render_pdf(html))

client = Client()
client.force_login(auditor)


def get(path):
    def fetch():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)
    return fetch


base = f"/audits/{audit.pk}/"
page_s, _ = median(get(base + "results/"))
pdf_page_s, _ = median(get(base + "results.pdf"))
xlsx_page_s, _ = median(get(base + "results.xlsx"))
print(json.dumps({
    "audit": audit.name, "auditor": auditor.username, "cases": summary.cases,
    "answer_rows": len(case_rows),
    "cells": len(case_rows) * 12, "xlsx_bytes": len(content), "pdf_bytes": len(pdf),
    "figures": figures_s, "case_rows": rows_s, "workbook": workbook_s, "html": html_s,
    "pdf": pdf_s, "results_page": page_s, "results_pdf": pdf_page_s,
    "results_xlsx": xlsx_page_s,
    "cpu": dict(zip(["figures", "case_rows", "workbook", "html", "pdf", "results_page",
                     "results_pdf", "results_xlsx"], CPU.values())),
}))
"""

LINES = (
    ("builders", ("figures", "case_rows", "workbook", "html", "pdf")),
    ("pages", ("results_page", "results_pdf", "results_xlsx")),
)


def time_it(env: dict[str, str], database: str, auditor: str = "") -> dict[str, object]:
    code = f"AUDITOR = {auditor!r}\n" + INNER
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "childfirst.settings",
        "CHILDFIRST_DEMO": "1",  # the demo's sign-in, without the second factor
        "CHILDFIRST_HTTPS": "0",
        "CHILDFIRST_ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"timing failed on {database}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(database: str, children: int, auditor: str) -> dict[str, object]:
    make = sqlite_database if database == "SQLite" else postgres_database
    with make() as (env, _):
        childfirst(env, "migrate", "--no-input", "-v", "0")
        childfirst(env, "demo", "--children", str(children), "--no-history", "--today", TODAY)
        return time_it(env, database, auditor)


def show(database: str, m: dict[str, object]) -> None:
    print(
        f"{database}: {m['audit']} as {m['auditor']}, {m['cases']} cases, "
        f"{m['answer_rows']:,} answer rows "
        f"({m['cells']:,} cells), workbook {m['xlsx_bytes']:,} bytes, "
        f"PDF {m['pdf_bytes']:,} bytes"
    )
    cpu = m["cpu"]
    for label, keys in LINES:
        print(
            f"  {label:<9}"
            + "  ".join(
                f"{k} {float(m[k]) * 1000:,.0f} ms ({cpu[k] * 1000:,.0f} CPU)" for k in keys
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument(
        "--database-url",
        help=f"time an existing database (a demo loaded with --today {TODAY}) instead",
    )
    parser.add_argument("--auditor", default="", help="the auditor's username")
    args = parser.parse_args()
    print("Demo case audit: median of 5 after a warm-up")
    if args.database_url:
        env = {**os.environ, "DATABASE_URL": args.database_url}
        show(args.database_url, time_it(env, args.database_url, args.auditor))
    else:
        databases = ["SQLite"] + (["PostgreSQL"] if postgres_reachable() else [])
        for database in databases:
            show(database, measure(database, args.children, args.auditor))
    print("Target: the workbook and the PDF under 1 s each.")


if __name__ == "__main__":
    main()
