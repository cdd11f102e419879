"""Peer of `crisislab bench ingest`: pandas + pyarrow read the same airline-format CSV, parse the
`-0800` timestamps to UTC, hash author handles (salted SHA-256, as CrisisLab does) and write
Parquet partitioned by airline. Prints one JSON line: {"rows": n, "seconds": s}.

Usage: ingest_peer.py CSV OUTDIR
"""
import hashlib
import json
import sys
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def main():
    src, out = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    df = pd.read_csv(src, dtype={"tweet_id": str, "name": str, "text": str}, keep_default_na=False)
    df["created_at"] = pd.to_datetime(df["tweet_created"], format="%Y-%m-%d %H:%M:%S %z", utc=True)
    salt = b"crisislab-author-v1\n"
    df["author_key"] = [hashlib.sha256(salt + h.lstrip("@").lower().encode()).hexdigest() for h in df["name"]]
    df["day"] = df["created_at"].dt.strftime("%Y-%m-%d")
    df = df.rename(columns={"tweet_id": "post_id", "airline_sentiment": "label", "airline": "brand"})
    table = pa.Table.from_pandas(df[["post_id", "brand", "created_at", "author_key", "text", "label", "day"]],
                                 preserve_index=False)
    pq.write_to_dataset(table, out, partition_cols=["brand", "day"])
    secs = time.perf_counter() - t0
    print(json.dumps({"rows": int(len(df)), "seconds": secs}))


if __name__ == "__main__":
    main()
