"""Peer of `crisislab bench generate`: a vectorised numpy + pandas + pyarrow version of the same
stream shape (brands with 1/rank^0.8 shares, four channels, 15-minute buckets with a diurnal
curve, negative-binomial counts via gamma-Poisson, one planted surge per brand, labels and
template texts), written as Parquet partitioned by brand and day. It has fewer text templates and no
per-post hashing of authors beyond a vectorised id, so it does less work per post than CrisisLab.
Prints one JSON line: {"rows": n, "seconds": s}.

Usage: generate_peer.py BRANDS DAYS POSTS_PER_DAY_PER_BRAND SEED OUTDIR
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

CHANNELS = np.array(["mention", "reply", "comment", "review"])
SHARE = np.array([0.5, 0.2, 0.2, 0.1])
NEG = np.array(["on hold for an hour, terrible", "delayed again, awful", "lost my bag, never again",
                "app is down, useless", "cancelled with no notice"])
NEU = np.array(["flying tomorrow", "what's the baggage allowance", "at the gate", "boarding now"])
POS = np.array(["thanks for the great flight", "amazing crew", "love the new app", "smooth boarding today"])


def main():
    brands, days, per_day, seed, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    w = 1 / np.arange(1, brands + 1) ** 0.8
    w /= w.sum()
    buckets = days * 96
    t = np.arange(buckets) * 900
    hour = (t % 86400) / 3600
    diurnal = 1 + 0.55 * np.cos(2 * np.pi * (hour - 14) / 24)
    start = np.datetime64("2025-01-06T00:00:00")
    total = 0
    for b in range(brands):
        onset = rng.integers(2 * 96, max(2 * 96 + 1, buckets - 48))
        surge = np.zeros(buckets)
        k = np.arange(buckets - onset)
        surge[onset:] = 10 * 0.5 ** (k / 12)
        frames = []
        for c in range(4):
            mean = per_day * brands * w[b] * SHARE[c] / 96 * diurnal * (1 + surge * (1 if c == 0 else 0.5))
            n = rng.poisson(mean * rng.gamma(5, 1 / 5, buckets))
            idx = np.repeat(np.arange(buckets), n)
            m = idx.size
            ts = start + (t[idx] + rng.integers(0, 900, m)).astype("timedelta64[s]")
            pneg = 0.25 + 0.6 * (surge[idx] / (1 + surge[idx]))
            u = rng.random(m)
            label = np.where(u < pneg, "negative", np.where(u < pneg + (1 - pneg) * 0.55, "neutral", "positive"))
            text = np.where(label == "negative", NEG[rng.integers(0, NEG.size, m)],
                            np.where(label == "neutral", NEU[rng.integers(0, NEU.size, m)], POS[rng.integers(0, POS.size, m)]))
            frames.append(pd.DataFrame({
                "post_id": np.char.add(f"b{b}-{CHANNELS[c]}-", np.arange(m).astype(str)),
                "channel": CHANNELS[c], "brand": f"brand-{b}", "created_at": ts,
                "author_key": np.char.add("user", rng.integers(0, 100000, m).astype(str)),
                "text": np.char.add("@Brand ", text), "label": label}))
        df = pd.concat(frames, ignore_index=True)
        df["day"] = df["created_at"].dt.strftime("%Y-%m-%d")
        pq.write_to_dataset(pa.Table.from_pandas(df, preserve_index=False), out, partition_cols=["brand", "day"])
        total += len(df)
    secs = time.perf_counter() - t0
    print(json.dumps({"rows": int(total), "seconds": secs}))


if __name__ == "__main__":
    main()
