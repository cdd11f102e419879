# Sourced by the CI scripts (.ci/run, .ci/cluster-test, tools/acceptance-report.sh, spark-cluster.sh).
# A CI failure must say which step failed and why, never exit silently: `set -e` alone ends a script
# with only an exit code, and output sent to a log or /dev/null hides the reason.
#   step "what this step does"      names the step (printed as "== what"), used in failure messages
#   quietly LOG CMD ARGS...         runs CMD with its output in LOG; on failure prints the step, the
#                                   command and LOG's last lines, then exits with CMD's code
#   fail "message" [LOG]            prints the step and message (and LOG's tail), exits 1
# Any other failing command is reported by the ERR trap with its step, file, line and command.
set -Eeuo pipefail
STEP="${STEP:-start-up}"
TAIL_LINES="${TAIL_LINES:-40}"

step() { STEP="$*"; echo "== $STEP"; }

show_tail() {
  [[ -n "${1:-}" && -f "$1" ]] || return 0
  echo "--- last $TAIL_LINES lines of $1:" >&2
  tail -n "$TAIL_LINES" "$1" >&2
  echo "---" >&2
}

fail() {
  echo "FAIL [$STEP]: $1" >&2
  show_tail "${2:-}"
  trap - ERR
  exit 1
}

quietly() {
  local log="$1"; shift
  mkdir -p "$(dirname "$log")"
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "FAIL [$STEP]: '$*' exited $rc" >&2
    show_tail "$log"
    trap - ERR
    exit "$rc"
  fi
}

on_err() {
  local rc=$?
  echo "FAIL [$STEP]: exit $rc at ${BASH_SOURCE[1]:-?}:${BASH_LINENO[0]:-?}: $BASH_COMMAND" >&2
  trap - ERR
  exit "$rc"
}
trap on_err ERR
