"""scikit-learn peer predictions for `crisislab train --peer-predictions` (issue 19).

Fits the issue's peer on CrisisLab's canonical posts (train/val/test run folders from
`crisislab ingest --format tweeteval`): TfidfVectorizer word 1-2-grams + char 2-5-grams (min_df 2)
and a class-balanced multinomial LogisticRegression, with C chosen on val macro recall only. Writes
the test predictions as CSV (post_id,predicted_class) and prints one JSON line (chosen C, val and
test macro recall, seconds). `train` then reports the paired bootstrap interval of the difference.

    .venv/bin/python bench/python/tweeteval_peer.py --train runs/te-train --val runs/te-val \
        --test runs/te-test --out /tmp/peer-te.csv
"""
import argparse, csv, json, os, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import pyarrow.parquet as pq
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score

CLASSES = ["negative", "neutral", "positive"]


def read(run):
    t = pq.read_table(os.path.join(run, "posts"), columns=["post_id", "text", "label"], partitioning=None).to_pandas()
    t = t.sort_values("post_id").reset_index(drop=True)
    return list(t.post_id), list(t.text.fillna("")), np.array([CLASSES.index(v) for v in t.label])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for k in ("train", "val", "test", "out"):
        ap.add_argument("--" + k, required=True)
    ap.add_argument("--Cs", default="0.1,0.3,1,3")
    a = ap.parse_args()
    t0 = time.perf_counter()
    data = {s: read(getattr(a, s)) for s in ("train", "val", "test")}
    wv = TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    cv = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), min_df=2)
    X = {"train": hstack([wv.fit_transform(data["train"][1]), cv.fit_transform(data["train"][1])]).tocsr()}
    for s in ("val", "test"):
        X[s] = hstack([wv.transform(data[s][1]), cv.transform(data[s][1])]).tocsr()
    best = None
    for C in [float(c) for c in a.Cs.split(",")]:
        m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(X["train"], data["train"][2])
        val = recall_score(data["val"][2], m.predict(X["val"]), average="macro")
        if best is None or val > best[0]:
            best = (val, C, m)
    val, C, m = best
    pred = m.predict(X["test"])
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["post_id", "predicted_class"])
        for pid, k in zip(data["test"][0], pred):
            w.writerow([pid, CLASSES[k]])
    print(json.dumps({"peer": "sklearn word1-2+char2-5 tfidf balanced LR", "C": C, "val_macro_recall": round(val, 4),
                      "test_macro_recall": round(recall_score(data["test"][2], pred, average="macro"), 4),
                      "seconds": round(time.perf_counter() - t0, 1)}))


if __name__ == "__main__":
    main()
