"""Peer of `crisislab bench detectors`: a numpy-vectorised rolling z-score sweep.

Reads the series file the Java benchmark wrote (one series per line, space-separated counts),
and for every window w in the sweep computes, for every bucket, the z-score against the previous
min(i, w) buckets (prefix sums; scored once at least max(2, w // 2) buckets are there; spread
floored at 1 count) and counts the buckets with z >= threshold: the same arithmetic as
CrisisLab's RollingZDetector(window=w, minSd=1, poisson=0). Prints one JSON line.
"""
import json
import sys
import time

import numpy as np


def sweep(series, windows, threshold):
    exceed = 0
    for x in series:
        n = x.shape[0]
        c1 = np.concatenate(([0.0], np.cumsum(x)))
        c2 = np.concatenate(([0.0], np.cumsum(x * x)))
        i = np.arange(n)
        for w in windows:
            lo = np.maximum(0, i - w)
            cnt = (i - lo).astype(np.float64)
            s = c1[i] - c1[lo]
            ss = c2[i] - c2[lo]
            valid = cnt >= max(2, w // 2)
            safe = np.where(cnt > 0, cnt, 1.0)
            mean = s / safe
            var = np.maximum(0.0, ss / safe - mean * mean)
            sd = np.maximum(np.sqrt(var), 1.0)
            z = (x - mean) / sd
            exceed += int(np.count_nonzero(valid & (z >= threshold)))
    return exceed


def main():
    path, w0, step, count, threshold, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        float(sys.argv[5]), int(sys.argv[6])
    with open(path) as f:
        series = [np.array([float(v) for v in line.split()], dtype=np.float64) for line in f if line.strip()]
    windows = [w0 + step * j for j in range(count)]
    times = []
    exceed = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        exceed = sweep(series, windows, threshold)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"median_seconds": times[len(times) // 2], "exceed": exceed, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
