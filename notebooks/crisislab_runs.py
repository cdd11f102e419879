"""Small helpers the notebooks share: find run folders and read what the jobs wrote.

No analysis lives here (the jobs own the logic); this only locates files and loads them into pandas.
The run root comes from the CRISISLAB_RUNS environment variable (a demo output, a run folder, or a
folder of run folders); without it, the newest folder under ../runs/demo/ is used.
"""
import json
import os
import pathlib

import pandas as pd
import pyarrow.dataset as pads

HERE = pathlib.Path(__file__).resolve().parent


def root():
    """The folder the notebooks explore."""
    env = os.environ.get("CRISISLAB_RUNS")
    if env:
        p = pathlib.Path(env).resolve()
        if not p.is_dir():
            raise SystemExit(f"CRISISLAB_RUNS={env}: no such folder")
        return p
    demos = sorted((HERE.parent / "runs" / "demo").glob("*/"))
    if not demos:
        raise SystemExit("set CRISISLAB_RUNS to a run folder (e.g. the output of ./crisislab demo --out DIR)")
    return demos[-1]


def runs(base=None):
    """Every run folder at or below base (up to four levels), as dicts: job, runId, dir, manifest."""
    base = pathlib.Path(base or root())
    found = []
    for m in sorted(base.glob("manifest.json")) + sorted(base.glob("*/manifest.json")) \
            + sorted(base.glob("*/*/manifest.json")) + sorted(base.glob("*/*/*/manifest.json")):
        if any(part.startswith(".") for part in m.relative_to(base).parts):
            continue
        man = json.loads(m.read_text())
        found.append({"job": man["job"], "runId": man["runId"], "dir": m.parent, "manifest": man})
    return found


def latest(job, base=None):
    """The last run folder (by run id) of a job, or None."""
    rs = [r for r in runs(base) if r["job"] == job]
    return sorted(rs, key=lambda r: r["runId"])[-1]["dir"] if rs else None


def all_of(job, base=None):
    """All run folders of a job, oldest first."""
    return [r["dir"] for r in sorted((r for r in runs(base) if r["job"] == job), key=lambda r: r["runId"])]


def load_json(path):
    """A JSON file as Python objects, or None if it does not exist."""
    path = pathlib.Path(path)
    return json.loads(path.read_text()) if path.is_file() else None


def read_parquet(path, columns=None):
    """A (Hive-partitioned) Parquet folder as a pandas DataFrame; partition columns stay strings."""
    path = pathlib.Path(path)
    if not path.exists():
        return None
    dataset = pads.dataset(str(path), format="parquet", partitioning="hive",
                           exclude_invalid_files=True, ignore_prefixes=[".", "_"])
    cols = None if columns is None else [c for c in columns if c in dataset.schema.names]
    return dataset.to_table(columns=cols).to_pandas()


def report_summary(base=None):
    """The report's summary.json (the figures index.html shows), or None if no report run is here."""
    d = latest("report", base)
    return load_json(d / "summary.json") if d else None
