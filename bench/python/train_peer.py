"""scikit-learn peer of `crisislab bench train` / `bench scorer`.

Reads canonical posts Parquet, makes the same split as `crisislab train` (time-ordered when every
post has created_at: sort by (created_at, post_id), the latest --test-fraction is test), fits
TfidfVectorizer word 1-2 + char 2-5 grams and LogisticRegression (binary, negative vs rest), and
prints one JSON line: median fit seconds over --runs, test auc_roc, ece (10 bins) and batch
scoring throughput (posts/s, one core).
"""
import argparse, json, os, statistics, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import pyarrow.parquet as pq
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def ece(p, y, bins=10):
    b = np.minimum((p * bins).astype(int), bins - 1)
    e = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            e += m.mean() * abs(p[m].mean() - y[m].mean())
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", required=True)
    ap.add_argument("--test-fraction", type=float, default=0.2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--C", type=float, default=1.0,
                    help="inverse L2 strength; crisislab bench train passes 1 / (regParam * n_train), the same penalty")
    ap.add_argument("--score-posts", type=int, default=100000)
    ap.add_argument("--max-chars", type=int, default=None,
                    help="score only posts of at most this many characters (as crisislab bench scorer)")
    a = ap.parse_args()
    df = pq.read_table(a.posts, columns=["post_id", "created_at", "text", "label", "source"]).to_pandas()
    df = df[df.label.notna()]
    n = len(df)
    n_test = int(round(n * a.test_fraction))
    if df.created_at.notna().all():
        df = df.sort_values(["created_at", "post_id", "source"], kind="mergesort")
    else:
        df = df.sample(frac=1.0, random_state=42)
    train, test = df.iloc[: n - n_test], df.iloc[n - n_test:]
    ytr = (train.label == "negative").to_numpy().astype(int)
    yte = (test.label == "negative").to_numpy().astype(int)
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        wv = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
        cv = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), min_df=2)
        xtr = hstack([wv.fit_transform(train.text), cv.fit_transform(train.text)]).tocsr()
        lr = LogisticRegression(C=a.C, max_iter=1000).fit(xtr, ytr)
        times.append(time.perf_counter() - t0)
    xte = hstack([wv.transform(test.text), cv.transform(test.text)]).tocsr()
    p = lr.predict_proba(xte)[:, 1]
    # the same texts crisislab bench scorer scores: every post, optionally only short ones
    pool = [t for t in df.text if a.max_chars is None or len(t) <= a.max_chars]
    texts = (pool * (a.score_posts // max(1, len(pool)) + 1))[: a.score_posts]
    t0 = time.perf_counter()
    x = hstack([wv.transform(texts), cv.transform(texts)]).tocsr()
    lr.predict_proba(x)
    score_s = time.perf_counter() - t0
    print(json.dumps({"fit_seconds_median": statistics.median(times), "fit_seconds": times,
                      "auc_roc": roc_auc_score(yte, p), "ece": ece(p, yte), "n_train": len(train),
                      "n_test": len(test), "score_posts_per_second": len(texts) / score_s}))


if __name__ == "__main__":
    main()
