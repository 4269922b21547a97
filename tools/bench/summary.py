#!/usr/bin/env python3
"""The benchmarks' summary: one table of every figure and the same as JSON, or two runs compared.

    summary.py collect --logs DIR --json PATH --mode full|quick [--check]
        Reads the runs tools/bench/run recorded in DIR (runs.tsv: one line per program run with
        its log file and exit status; each log holds the program's stdout, where every figure is
        a `crm-bench-figure {json}` line printed by tools/bench/bench_report.h), prints the table
        (figure, value, raw baseline of the same run, ratio, goal, met or not) and writes PATH with
        the date, the git commit and the machine. Exits 1 when a program failed or reported no
        figure; goals not met do not change the exit status (it is a measurement). With --check
        (the quick mode's test), every run must also report exactly the figures it declares
        (DECLARED below), each with a value.

    summary.py compare OLD.json NEW.json
        Prints each figure of both runs side by side with the change.
"""
import argparse
import datetime
import json
import math
import os
import subprocess
import sys

PREFIX = "crm-bench-figure "

LIST_RPCS_MEASURED = [
    "ListExports", "ListPayments", "ListBudgetCosts",
    "ListSalesReportRecords", "ListReportClients",
    "ListIssuers", "ListDocuments", "ListDocumentTemplates",
    "ListReadinessHistory", "ListRatings", "ListCalendar", "ListOverdueContacts",
    "ListClientTimeline", "ListRefusalReasons", "ListContacts", "ListSales", "ListRedirects",
    "ListSaleHistory", "ListStands",
    "ListCompetitorExhibitions", "ListParticipations", "ListProjectTargetGroups",
    "ListProjectClients", "ListGroups", "ListGroupMembers", "ListClientGroups",
    "ListGroupMembershipProposals", "ListImportRows", "ListMailingSelections",
    "ListVerificationQueue", "ListContactPersons", "ListClientHistory", "ListResourceHistory",
    "ListProjects", "ListEditions", "ListEmployees", "ListCurators", "ListCuratorshipsOfEmployee",
    "ListDepartments", "ListDepartmentMembers", "ListProjectTeamMembers",
]

# The figures each program run declares (the program and its first argument, the mode).
DECLARED = {
    "crm-bench-client-search": ["client search p99"],
    "crm-bench-client-import": ["client import"],
    "crm-bench-calendar month": ["calendar month grid p99", "calendar month FULL p99"],
    "crm-bench-calendar reminders": ["reminders due -> subscriber p99"],
    "crm-bench-stands board": ["stand sales board p99"],
    "crm-bench-stands race": ["stand race sales"],
    "crm-bench-outbox": ["outbox relay", "outbox enqueue"],
    "crm-bench-gateway": [
        "SearchClients via gateway throughput",
        "SearchClients via gateway p99",
        "ListCalendar via gateway throughput",
        "ListCalendar via gateway p99",
    ],
    "crm-bench-documents render": ["invoice PDF render"],
    "crm-bench-documents issue": ["sale -> invoice issued p99", "sale -> package issued p99"],
    "crm-bench-accounting": ["bank statement import rate", "bank statement import time"],
    "crm-bench-analytics": [
        "analytics manager report p99",
        "analytics edition report p99",
        "analytics projection applying events",
    ],
    "crm-bench-load": [
        "load requests",
        "load p99, every RPC",
        "load errors",
        "load largest memory growth",
    ],
    "crm-bench-footprint": [
        f"{service} {figure}"
        for service in ("registry", "planning", "documents", "accounting", "analytics")
        for figure in ("cold start median", "cold start max", "idle RSS", "idle private memory")
    ],
    "crm-bench-sale-latency": [
        f"sale e2e: {stage}{figure}"
        for stage in (
            "sale.recorded on the bus",
            "invoice issued",
            "package issued",
            "invoice exported to 1C",
            "invoice in the report",
        )
        for figure in (" p50", " p99")
    ]
    + ["sale e2e: CompleteContact call p99"],
    "crm-bench-write": [
        f"{rpc} at {callers} callers{figure}"
        for rpc in ("CreateClient", "PlanContact")
        for callers in (1, 4, 16)
        for figure in ("", " p50", " p99")
    ],
    # Every List RPC (each has an entry in crm-bench-list), in the order it prints them.
    "crm-bench-list": [f"{rpc} first page p99" for rpc in LIST_RPCS_MEASURED],
}


def run_key(program, args):
    key = program
    if args and not args[0][:1].isdigit():
        key += " " + args[0]
    return key


def machine():
    memory_kib = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    memory_kib = int(line.split()[1])
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(memory_kib / (1024 * 1024), 1),
        "host": os.uname().nodename,
    }


def git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def number(value, digits=2):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def goal_text(row):
    if row.get("goal") is None:
        return "-"
    sign = ">=" if row["better"] == "higher" else "<"
    limit = f"{row['goal']:,g}"
    if row["goal_of"] == "ratio_to_raw":
        return f"{sign} {limit}x raw"
    if row["goal_of"] == "over_raw":
        return f"{sign} raw + {limit} {row['unit']}"
    return f"{sign} {limit} {row['unit']}"


def ratio_text(ratio):
    return "-" if ratio is None else f"{ratio:,.2f}"


def met_text(row):
    if row.get("met") is None:
        return "-"
    return "met" if row["met"] else "NOT met"


def print_table(header, rows, right):
    """Prints aligned columns; the columns numbered in `right` (numbers) right-aligned."""
    widths = [max(len(str(line[i])) for line in [header] + rows) for i in range(len(header))]
    for line in [header] + rows:
        cells = [str(cell).rjust(widths[i]) if i in right else str(cell).ljust(widths[i])
                 for i, cell in enumerate(line)]
        print("  ".join(cells).rstrip())


def collect(options):
    runs = []
    problems = []
    with open(os.path.join(options.logs, "runs.tsv"), encoding="utf-8") as listing:
        for line in listing:
            log, status, program, *args = line.rstrip("\n").split("\t")
            runs.append({"program": program, "args": args, "log": log, "status": int(status)})
    rows = []
    for run in runs:
        key = run_key(run["program"], run["args"])
        figures = []
        with open(run["log"], encoding="utf-8", errors="replace") as log:
            for line in log:
                if line.startswith(PREFIX):
                    figure = json.loads(line[len(PREFIX):])
                    figure["program"] = key
                    figures.append(figure)
        run["figures"] = len(figures)
        rows.extend(figures)
        command = " ".join([run["program"]] + run["args"])
        if run["status"] != 0:
            problems.append(f"{command}: exited with {run['status']}")
        elif not figures:
            problems.append(f"{command}: reported no figure")
        elif options.check:
            names = [figure["name"] for figure in figures]
            if names != DECLARED.get(key):
                problems.append(f"{command}: reported {names}, declares {DECLARED.get(key)}")
            for figure in figures:
                if figure["value"] is None:
                    problems.append(f"{command}: {figure['name']} has no value")

    print()
    print(f"== summary ({options.mode} sizes; {len(rows)} figures of {len(runs)} runs)")
    header = ["figure", "value", "unit", "raw", "ratio", "goal", "met", "raw is", "scale"]
    table = [[row["name"], number(row["value"]), row["unit"], number(row["raw"]),
              ratio_text(row["ratio"]), goal_text(row), met_text(row), row["raw_name"] or "-",
              row["scale"]] for row in rows]
    print_table(header, table, {1, 3, 4})
    if options.mode == "quick":
        print("(quick mode: small data, the goals are not meant to be met)")

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "mode": options.mode,
        "runs": [{"command": " ".join([run["program"]] + run["args"]), "status": run["status"],
                  "figures": run["figures"]} for run in runs],
        "figures": rows,
    }
    with open(options.json, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    print(f"written to {options.json}")
    if options.check:
        with open(options.json, encoding="utf-8") as written:
            if len(json.load(written)["figures"]) != sum(run["figures"] for run in runs):
                problems.append(f"{options.json}: not a row per reported figure")
        missing = sorted(set(DECLARED) - {run_key(run["program"], run["args"]) for run in runs})
        if missing:
            problems.append(f"programs that did not run: {', '.join(missing)}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


def compare(options):
    with open(options.old, encoding="utf-8") as old_file, \
            open(options.new, encoding="utf-8") as new_file:
        old, new = json.load(old_file), json.load(new_file)
    print(f"old: {old['date']} {old['commit'][:12]} {old['mode']} "
          f"(nproc {old['machine']['nproc']}, {old['machine']['ram_gib']} GiB)")
    print(f"new: {new['date']} {new['commit'][:12]} {new['mode']} "
          f"(nproc {new['machine']['nproc']}, {new['machine']['ram_gib']} GiB)")
    before = {row["name"]: row for row in old["figures"]}
    table = []
    for row in new["figures"]:
        was = before.pop(row["name"], None)
        change = "-"
        verdict = ""
        if was and was["value"] and row["value"] is not None:
            delta = row["value"] / was["value"] - 1
            change = f"{delta * 100:+.1f}%"
            better = delta > 0 if row["better"] == "higher" else delta < 0
            verdict = "better" if better and abs(delta) >= 0.05 else \
                "worse" if not better and abs(delta) >= 0.05 else "same"
        table.append([row["name"], number(was["value"]) if was else "-", number(row["value"]),
                      row["unit"], change, verdict, met_text(was) if was else "-", met_text(row)])
    for name, was in before.items():
        table.append([name, number(was["value"]), "-", was["unit"], "-", "not run",
                      met_text(was), "-"])
    print_table(["figure", "old", "new", "unit", "change", "", "old goal", "new goal"], table,
                {1, 2, 4})
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    collecting = commands.add_parser("collect")
    collecting.add_argument("--logs", required=True)
    collecting.add_argument("--json", required=True)
    collecting.add_argument("--mode", default="full")
    collecting.add_argument("--check", action="store_true")
    comparing = commands.add_parser("compare")
    comparing.add_argument("old")
    comparing.add_argument("new")
    options = parser.parse_args()
    return collect(options) if options.command == "collect" else compare(options)


if __name__ == "__main__":
    sys.exit(main())
