"""scikit-learn peer of `crisislab bench train --scale`: one fit at one size, same data, same penalty.

Reads the training and the fixed test Parquet files the benchmark wrote (columns text, label),
fits TfidfVectorizer word 1-2 + char 2-5 grams (min_df 2) and a multinomial LogisticRegression
(lbfgs, L2, C = 1 / (regParam * n_train): CrisisLab's penalty), and prints one JSON line: fit
seconds (vectorisers + LR, reading excluded), test macro recall (negative, neutral, positive) and
this process's peak RSS (VmHWM). A MemoryError is reported as {"failure": "out of memory"}; the benchmark
also stops the process at its time cap and reads a kernel OOM kill from the exit code.
"""
import argparse, json, os, resource, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import pyarrow.parquet as pq
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score

CLASSES = ["negative", "neutral", "positive"]


def peak_rss_bytes():
    """This process's own peak RSS: VmHWM of its address space. getrusage's ru_maxrss is not used:
    Linux carries it over fork and exec, so a peer started by the JVM would report the JVM's peak."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB; not Linux


def volunteer_for_oom_kill():
    """At sizes past the machine's memory the kernel's OOM killer must stop this peer, not the
    benchmark's JVM beside it (the largest process, so its first choice): raising our own
    oom_score_adj needs no privilege. Its exit code 137 is then recorded as out of memory."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass  # not Linux: the cap and MemoryError still end the run


def main():
    volunteer_for_oom_kill()
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--C", type=float, required=True)
    ap.add_argument("--max-iter", type=int, default=1000)
    a = ap.parse_args()
    train = pq.read_table(a.train, columns=["text", "label"]).to_pandas()
    test = pq.read_table(a.test, columns=["text", "label"]).to_pandas()
    try:
        t0 = time.perf_counter()
        wv = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
        cv = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), min_df=2)
        x = hstack([wv.fit_transform(train.text), cv.fit_transform(train.text)]).tocsr()
        lr = LogisticRegression(C=a.C, max_iter=a.max_iter).fit(x, train.label)
        fit_s = time.perf_counter() - t0
    except MemoryError:
        print(json.dumps({"failure": "out of memory", "peak_rss_bytes": peak_rss_bytes()}))
        return
    pred = lr.predict(hstack([wv.transform(test.text), cv.transform(test.text)]).tocsr())
    print(json.dumps({"fit_seconds": fit_s, "macro_recall": recall_score(test.label, pred, labels=CLASSES,
                                                                         average="macro"),
                      "n_train": len(train), "n_test": len(test), "terms": x.shape[1],
                      "peak_rss_bytes": peak_rss_bytes()}))


if __name__ == "__main__":
    main()
