#!/usr/bin/env python3
"""Compares the numeric outputs of two run trees (e.g. local mode vs the standalone cluster).

usage: compare_outputs.py LEFT RIGHT [--names metrics.json,thresholds.json,summary.json] [--rtol 1e-9] [--skip GLOB]

Every file with one of the names under LEFT must exist at the same relative path under RIGHT and
hold the same JSON: equal strings, booleans and structure; numbers equal within a relative
tolerance (Spark may sum doubles in another order on another engine). Keys that describe the run
rather than its results (times, paths, run ids) are ignored. Exit 0 when equal, 1 otherwise.
"""
import argparse
import json
import math
import pathlib
import sys

IGNORED = ("time", "path", "runid", "run_id", "created", "elapsed", "seconds", "started", "finished",
           "dir", "folder", "host", "master", "version", "commit")


def ignored(key):
    k = key.lower()
    return any(word in k for word in IGNORED)


def diff(a, b, where, rtol, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if ignored(k):
                continue
            if k not in a or k not in b:
                out.append(f"{where}.{k}: only in {'right' if k not in a else 'left'}")
                continue
            diff(a[k], b[k], f"{where}.{k}", rtol, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} vs {len(b)} items")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{where}[{i}]", rtol, out)
    elif isinstance(a, bool) or isinstance(b, bool) or not (
            isinstance(a, (int, float)) and isinstance(b, (int, float))):
        if a != b:
            out.append(f"{where}: {a!r} vs {b!r}")
    else:
        fa, fb = float(a), float(b)
        if math.isnan(fa) and math.isnan(fb):
            return
        if not math.isclose(fa, fb, rel_tol=rtol, abs_tol=rtol):
            out.append(f"{where}: {a!r} vs {b!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("--names", default="metrics.json,thresholds.json,summary.json")
    p.add_argument("--rtol", type=float, default=1e-9)
    # the report job's summary.json is keyed by run ids and manifest hashes: run metadata, not results
    p.add_argument("--skip", default="*-report/*", help="glob of relative paths not compared")
    args = p.parse_args()
    left, right = pathlib.Path(args.left), pathlib.Path(args.right)
    names = set(args.names.split(","))
    files = sorted(f for f in left.rglob("*.json")
                   if f.name in names and not (args.skip and f.relative_to(left).match(args.skip)))
    if not files:
        print(f"no {sorted(names)} under {left}", file=sys.stderr)
        return 1
    problems = []
    for f in files:
        rel = f.relative_to(left)
        other = right / rel
        if not other.exists():
            problems.append(f"{rel}: missing on the right")
            continue
        found = []
        diff(json.loads(f.read_text()), json.loads(other.read_text()), str(rel), args.rtol, found)
        problems.extend(found)
        print(f"{'SAME' if not found else 'DIFF'} {rel}")
    for line in problems[:50]:
        print("  " + line)
    print(f"{len(files)} files compared, {len(problems)} differences (rtol {args.rtol})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
