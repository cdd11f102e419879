#!/usr/bin/env bash
# Executes every notebook headless against a run folder and fails if any cell fails.
#   notebooks/run-notebooks.sh RUNS_DIR [OUT_DIR]
# RUNS_DIR: a demo output (./crisislab demo --out DIR), a run folder, or a folder of run folders.
# OUT_DIR (default: RUNS_DIR/notebooks-executed): the executed copies, with their outputs.
# Makes the Python venv (.venv) from bench/requirements.txt + notebooks/requirements.txt if needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 ]]; then
  echo "usage: notebooks/run-notebooks.sh RUNS_DIR [OUT_DIR]" >&2
  exit 2
fi
RUNS="$(cd "$1" && pwd)"
OUT="${2:-$RUNS/notebooks-executed}"
mkdir -p "$OUT"
if ! "$ROOT/.venv/bin/python" -c "import nbconvert, ipykernel, pandas, pyarrow, matplotlib" >/dev/null 2>&1; then
  EXTRA_REQUIREMENTS="$ROOT/notebooks/requirements.txt" bash "$ROOT/bench/python/venv.sh"
fi
export CRISISLAB_RUNS="$RUNS" MPLBACKEND=Agg PYTHONPATH="$ROOT/notebooks${PYTHONPATH:+:$PYTHONPATH}"
# the venv's own kernel, so the notebooks see the venv's pandas/pyarrow whatever kernels the machine has
"$ROOT/.venv/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (crisislab)" >/dev/null
status=0
for nb in "$ROOT"/notebooks/*.ipynb; do
  name="$(basename "$nb")"
  start=$(date +%s)
  if "$ROOT/.venv/bin/jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=python3 --output-dir "$OUT" "$nb" >"$OUT/${name%.ipynb}.log" 2>&1; then
    echo "notebook ok:     $name ($(( $(date +%s) - start )) s) -> $OUT/$name"
  else
    echo "notebook FAILED: $name (see $OUT/${name%.ipynb}.log)"
    tail -n 30 "$OUT/${name%.ipynb}.log" >&2
    status=1
  fi
done
exit $status
