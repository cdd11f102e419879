"""Log-log plot of training time against training-set size, CrisisLab and scikit-learn, from the
`crisislab bench train --scale` rows of BENCHMARKS.md (the latest row per size wins).

    .venv/bin/python bench/python/plot_train_scaling.py            # writes docs/train-scaling.svg
"""
import argparse, re
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

ROW = "train scaling, TweetEval-like posts"


def seconds(cell):
    m = re.fullmatch(r"\s*([0-9.]+) s\s*", cell)
    return float(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--benchmarks", default="BENCHMARKS.md")
    ap.add_argument("--out", default="docs/train-scaling.svg")
    a = ap.parse_args()
    latest = {}
    for line in open(a.benchmarks, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 10 or not cells[1].startswith(ROW):
            continue
        n = int(cells[2].split(" ")[0].replace(",", ""))
        latest[n] = (cells[0], seconds(cells[3]), seconds(cells[5]), cells[5])
    if not latest:
        raise SystemExit(f"{a.benchmarks}: no '{ROW}' rows; run crisislab bench train --scale first")
    sizes = sorted(latest)
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.plot(sizes, [latest[n][1] for n in sizes], "o-", label="CrisisLab (Spark MLlib, local[*])")
    peer = [n for n in sizes if latest[n][2] is not None]
    ax.plot(peer, [latest[n][2] for n in peer], "s--", label="scikit-learn (1 core)")
    for n in sizes:
        if latest[n][2] is None:
            ax.annotate("scikit-learn: " + latest[n][3], (n, latest[n][1]), textcoords="offset points",
                        xytext=(-6, 8), ha="right", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("training posts (TweetEval-like)")
    ax.set_ylabel("one fit: features + LR (s)")
    ax.set_title("Training time vs size, " + ", ".join(sorted({latest[n][0] for n in sizes})), fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(a.out)
    print(a.out)


if __name__ == "__main__":
    main()
