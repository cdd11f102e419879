#!/usr/bin/env bash
# Headless-browser check of a CrisisLab report: installs Debian's chromium if missing (needs root or
# sudo and apt), makes the Python venv (.venv, with notebooks/requirements.txt), then runs
# tools/browser_check.py: no console errors, no script executed, charts decoded, expected text
# shown literally (escaped), full-page screenshot written.
#   tools/browser-check.sh INDEX_HTML SCREENSHOT_PNG [browser_check.py options...]
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/steps.sh
source "$ROOT/tools/lib/steps.sh"
LOGS="$(mktemp -d -t crisislab-browser-XXXXXX)"
if [[ $# -lt 2 ]]; then
  echo "usage: tools/browser-check.sh INDEX_HTML SCREENSHOT_PNG [--expect-text T] [--min-charts N]" >&2
  exit 2
fi
INDEX="$1"; SHOT="$2"; shift 2
if ! command -v chromium >/dev/null 2>&1; then
  step "browser-check: install chromium (Debian package)"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$LOGS/apt.log" 2>&1; then
    quietly "$LOGS/apt-update.log" $SUDO apt-get update -q
    quietly "$LOGS/apt.log" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
fi
if ! "$ROOT/.venv/bin/python" -c "import websocket, PIL" >/dev/null 2>&1; then
  step "browser-check: Python venv"
  quietly "$LOGS/venv.log" env EXTRA_REQUIREMENTS="$ROOT/notebooks/requirements.txt" bash "$ROOT/bench/python/venv.sh"
fi
step "browser-check: $INDEX"
exec "$ROOT/.venv/bin/python" "$ROOT/tools/browser_check.py" "$INDEX" --screenshot "$SHOT" "$@"
