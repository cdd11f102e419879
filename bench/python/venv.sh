#!/usr/bin/env bash
# Creates the project's Python virtual environment (.venv) for benchmark peers and notebooks.
# The wheels resolve from the machine's pip configuration (offline here).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-python3}"
if [[ ! -x "$ROOT/.venv/bin/python" ]]; then
  "$PY" -m venv "$ROOT/.venv"
fi
# Where the machine has a local package index (this workplace: the default index is unreachable),
# use it alone so pip does not spend minutes retrying the network.
INDEX=()
if [[ -z "${PIP_INDEX_URL:-}" && -d /opt/pypi/simple ]]; then
  INDEX=(--index-url file:///opt/pypi/simple --retries 0)
fi
"$ROOT/.venv/bin/pip" install -q "${INDEX[@]}" -r "$ROOT/bench/requirements.txt" ${EXTRA_REQUIREMENTS:+-r "$EXTRA_REQUIREMENTS"}
