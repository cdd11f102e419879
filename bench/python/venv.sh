#!/usr/bin/env bash
# Creates the project's Python virtual environment (.venv) for benchmark peers and notebooks.
# The wheels resolve from the machine's pip configuration (offline here).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-python3}"
if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
  "$PY" -m venv "$ROOT/.venv"
fi
"$ROOT/.venv/bin/pip" install -q -r "$ROOT/bench/requirements.txt" ${EXTRA_REQUIREMENTS:+-r "$EXTRA_REQUIREMENTS"}
