"""Log-log plot of training time against training-set size, CrisisLab and scikit-learn, from the
`crisislab bench train --scale` rows of BENCHMARKS.md: per size, the latest row that ran CrisisLab and
the latest that ran scikit-learn (`--no-peer` and `--peer-only` rows record one side each), over the
test set of the largest size's rows (smoke runs on other posts are left out).

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
    rows = []
    for line in open(a.benchmarks, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 10 or not cells[1].startswith(ROW):
            continue
        sizes = re.match(r"([0-9,]+) train / ([0-9,]+) test", cells[2])
        rows.append((int(sizes.group(1).replace(",", "")), sizes.group(2), cells[0], seconds(cells[3]), cells[5]))
    if not rows:
        raise SystemExit(f"{a.benchmarks}: no '{ROW}' rows; run crisislab bench train --scale first")
    test_set = max(rows, key=lambda r: r[0])[1]
    ours, peer, dates = {}, {}, set()
    for n, test, date, our_s, peer_cell in rows:  # file order: a later row replaces an earlier one
        if test != test_set:
            continue
        if our_s is not None:
            ours[n] = our_s
            dates.add(date)
        if not peer_cell.startswith("not run"):
            peer[n] = peer_cell
            dates.add(date)
    sizes = sorted(ours)
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.plot(sizes, [ours[n] for n in sizes], "o-", label="CrisisLab (Spark MLlib, local[*])")
    done = sorted(n for n in peer if seconds(peer[n]) is not None)
    ax.plot(done, [seconds(peer[n]) for n in done], "s--", label="scikit-learn (1 core)")
    for n in sorted(set(peer) - set(done)):
        # a peer that ended early is drawn where it ended (its row says after how many minutes), else at the bottom
        ended = re.search(r"after ([0-9.]+) min", peer[n])
        y = float(ended.group(1)) * 60 if ended else min(ours.values())
        ax.plot([n], [y], "x", color="C1", markersize=10)
        ax.annotate("scikit-learn:\n" + peer[n].replace(" (exit", "\n(exit").replace(", ", ",\n"), (n, y),
                    textcoords="offset points", xytext=(-10, -4), ha="right", va="top", fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("training posts (TweetEval-like)")
    ax.set_ylabel("one fit: features + LR (s)")
    ax.set_title("Training time vs size, " + ", ".join(sorted(dates)), fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(a.out)
    print(a.out)


if __name__ == "__main__":
    main()
