#!/usr/bin/env python3
"""Medians over runs of the load generator's JSON reports.

    crates/loadgen/scripts/summarize.py target/bench-results/NAME-BACKEND-*.json

Prints one Markdown table row: the median of each figure over the files (a step-mode report
contributes its highest sustained step), and the worst loss/duplicates/gaps of any run.
"""
import json
import statistics
import sys


def run_of(doc):
    """A plain report, or a step report's best step (with its per-client rate)."""
    if "steps" in doc:
        best = doc.get("best")
        if best is None:
            return None
        return best["report"]
    return doc


def main(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            r = run_of(json.load(f))
        if r is not None:
            runs.append(r)
    if not runs:
        print("no run held")
        return

    def med(get):
        vals = [get(r) for r in runs]
        vals = [v for v in vals if v is not None]
        return statistics.median(vals) if vals else float("nan")

    t = lambda r: r["totals"]
    server = lambda key: (lambda r: r["server"][key] if r.get("server") else None)
    row = {
        "runs": len(runs),
        "rate/client": med(lambda r: r["rate_per_client"]),
        "edits/s": med(lambda r: r["edits_per_s"]),
        "deliveries/s": med(lambda r: r["deliveries_per_s"]),
        "p50 ms": med(lambda r: t(r)["fanout"]["p50_ms"]),
        "p95 ms": med(lambda r: t(r)["fanout"]["p95_ms"]),
        "p99 ms": med(lambda r: t(r)["fanout"]["p99_ms"]),
        "p99.9 ms": med(lambda r: t(r)["fanout"]["p999_ms"]),
        "max ms": med(lambda r: t(r)["fanout"]["max_ms"]),
        "ack p50 ms": med(lambda r: t(r)["ack"]["p50_ms"]),
        "ack p99 ms": med(lambda r: t(r)["ack"]["p99_ms"]),
        "server CPU %": med(server("cpu_percent")),
        "server RSS MiB": med(server("rss_max_mib")),
        "loadgen CPU %": med(lambda r: r["loadgen"]["cpu_percent"] if r.get("loadgen") else None),
        "KiB/conn": med(lambda r: r.get("server_rss_per_connection_kib")),
        "lost (worst)": max(t(r)["delivery"]["lost"] for r in runs),
        "dups (worst)": max(t(r)["duplicates"] for r in runs),
        "gaps (worst)": max(t(r)["seq_gaps"] for r in runs),
        "rejected (worst)": max(sum(t(r)["rejected"].values()) for r in runs),
        "delivered/expected": "%d/%d" % (
            sum(t(r)["delivery"]["delivered"] for r in runs),
            sum(t(r)["delivery"]["expected"] for r in runs),
        ),
    }
    print("| " + " | ".join(row) + " |")
    print("|" + "---|" * len(row))
    cells = []
    for v in row.values():
        if isinstance(v, float):
            cells.append("%.3g" % v if abs(v) < 100 else "%.0f" % v)
        else:
            cells.append(str(v))
    print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
