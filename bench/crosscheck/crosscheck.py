"""Cross-check a three-class train run on another hand-labelled tweet set, beside two peers.

The set was in no choice of the run: this is the kind of independent check issue 19 announces
(a TweetEval-trained model against scikit-learn's word+char TF-IDF LR and VADER on other labelled
tweets). Every model scores the same labelled posts (label negative, neutral or positive; others,
e.g. Sanders' "irrelevant", are left out):

- ours: the run's exported scorer (scorer.json) through ScorerClasses.java, both as the live
  cascade scores and the encoder model on every post;
- scikit-learn: bench/python/tweeteval_peer.py fitted on the TweetEval run folders (C on val);
- VADER: vader_peer.js (npm vader-sentiment, installed here by `npm ci` on first use).

Prints macro recall with a percentile bootstrap 95 % interval (1,000 resamples, seed 19) for each,
and the paired interval of ours minus each peer, as Markdown.

    .venv/bin/python bench/crosscheck/crosscheck.py --run runs/te-e5 --posts runs/sanders \
        --te-train runs/te-train --te-val runs/te-val --work /tmp/xcheck
"""
import argparse, glob, os, subprocess, sys
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from sklearn.metrics import recall_score

CLASSES = ["negative", "neutral", "positive"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(cmd, **kw):
    print("+ " + " ".join(c if len(c) < 200 else "<class path>" for c in cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, **kw)


def labelled(posts, work):
    """The labelled posts as JSON lines and as a Parquet posts folder (for the peer script)."""
    t = pq.read_table(os.path.join(posts, "posts"), columns=["post_id", "text", "label"], partitioning=None).to_pandas()
    t = t[t.label.isin(CLASSES)].sort_values("post_id").reset_index(drop=True)
    os.makedirs(os.path.join(work, "labelled", "posts"), exist_ok=True)
    t.to_parquet(os.path.join(work, "labelled", "posts", "part-0.parquet"), index=False)
    t[["post_id", "text"]].to_json(os.path.join(work, "labelled.jsonl"), orient="records", lines=True)
    return t


def macro_recall(y, p):
    return recall_score(y, p, labels=CLASSES, average="macro", zero_division=0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", required=True, help="three-class train run folder (scorer.json)")
    ap.add_argument("--posts", required=True, help="labelled posts (run folder with posts/)")
    ap.add_argument("--te-train", required=True)
    ap.add_argument("--te-val", required=True)
    ap.add_argument("--work", required=True, help="scratch folder for the predictions")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    gold = labelled(a.posts, a.work)
    jsonl = os.path.join(a.work, "labelled.jsonl")
    # the launcher (re)builds the jobs jar and its class path file when the sources are newer
    run([os.path.join(ROOT, "crisislab"), "--help"], stdout=subprocess.DEVNULL)
    target = os.path.join(ROOT, "jobs", "target")
    jar = [j for j in glob.glob(os.path.join(target, "crisislab-jobs-*.jar")) if not j.endswith("-cluster.jar")]
    with open(os.path.join(target, "classpath.txt")) as f:
        cp = jar[0] + ":" + f.read().strip()
    preds = {}
    for mode in ("cascade", "full"):
        out = os.path.join(a.work, "ours-" + mode + ".csv")
        run(["java", "-cp", cp, os.path.join(HERE, "ScorerClasses.java"), a.run, jsonl, out, mode])
        preds["ours (" + ("live cascade" if mode == "cascade" else "encoder model on every post") + ")"] = out
    out = os.path.join(a.work, "sklearn.csv")
    run([sys.executable, os.path.join(ROOT, "bench", "python", "tweeteval_peer.py"), "--train", a.te_train,
         "--val", a.te_val, "--test", os.path.join(a.work, "labelled"), "--out", out])
    preds["scikit-learn word+char TF-IDF LR (TweetEval train, C on val)"] = out
    if not os.path.isdir(os.path.join(HERE, "node_modules")):
        run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=HERE)
    out = os.path.join(a.work, "vader.csv")
    run(["node", os.path.join(HERE, "vader_peer.js"), jsonl, out])
    preds["VADER (compound ±0.05)"] = out

    y = gold.label.values
    cols = {}
    for name, path in preds.items():
        p = pd.read_csv(path, dtype={"post_id": str}).set_index("post_id").predicted_class
        cols[name] = p.reindex(gold.post_id.astype(str)).values
        if pd.isna(cols[name]).any():
            raise SystemExit(f"{path}: no prediction for some labelled posts")
    rng = np.random.default_rng(19)
    draws = [rng.integers(0, len(y), len(y)) for _ in range(1000)]
    names = list(cols)
    print(f"\n{len(y)} labelled posts: " + ", ".join(f"{c} {np.mean(y == c):.3f}" for c in CLASSES) + "\n")
    print("| model | macro recall | 95 % interval | negative recall / precision |\n|---|---:|---|---|")
    for name in names:
        p = cols[name]
        b = [macro_recall(y[i], p[i]) for i in draws]
        neg = p == "negative"
        print(f"| {name} | {macro_recall(y, p):.4f} | {np.percentile(b, 2.5):.4f} – {np.percentile(b, 97.5):.4f} | "
              f"{np.mean(neg[y == 'negative']):.3f} / {np.mean(y[neg] == 'negative'):.3f} |")
    print("\n| ours (live cascade) minus | paired difference | 95 % interval |\n|---|---:|---|")
    ours = cols[names[0]]
    for name in names[2:]:
        d = [macro_recall(y[i], ours[i]) - macro_recall(y[i], cols[name][i]) for i in draws]
        print(f"| {name} | {macro_recall(y, ours) - macro_recall(y, cols[name]):+.4f} | "
              f"{np.percentile(d, 2.5):+.4f} – {np.percentile(d, 97.5):+.4f} |")


if __name__ == "__main__":
    main()
