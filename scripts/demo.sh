#!/usr/bin/env bash
# scripts/demo.sh: the main job on the embedded emulator (called by `make demo`).
#
# Starts `ibsources serve` on a free port with a temporary SQLite file, then plans and
# imports the valid sample of every format in turn: the CSV creates all eight sources, the
# XML, YAML and JSON samples change a few settings (updates with a field diff) and add
# sources, so each later import updates what the one before it made. Prints each plan and
# report summary, checks that a last plan has nothing left to do, and stops the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product ibsources >&2
BIN="$(swift build --show-bin-path)/ibsources"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ibsources-demo.XXXXXX")
KEY="demo-key-$$"
EMULATOR_PID=""
cleanup() {
  if [[ -n "$EMULATOR_PID" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "starting the emulator (SQLite file $WORK/demo.sqlite)"
"$BIN" serve --port 0 --port-file "$WORK/port" --db "$WORK/demo.sqlite" --api-key "$KEY:demo" >"$WORK/serve.log" 2>&1 &
EMULATOR_PID=$!
for _ in $(seq 1 100); do [[ -s "$WORK/port" ]] && break; sleep 0.1; done
[[ -s "$WORK/port" ]] || { echo "the emulator did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
ENDPOINT="http://127.0.0.1:$(cat "$WORK/port")/v1"
echo "listening at $ENDPOINT"

# The samples take their provider secrets from the environment (${DEMO_...}); the key too.
set -a
# shellcheck disable=SC1091
. samples/demo.env
set +a
export IMAGEBOSS_API_KEY="$KEY"

summary() { # the report's summary line
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("report summary:", json.dumps(r["summary"]))' "$1"
}

n=0
for input in samples/sources.csv samples/sources.xml samples/sources.yaml samples/sources.json; do
  n=$((n + 1))
  step "plan $input"
  "$BIN" plan "$input" --endpoint "$ENDPOINT"
  step "import $input"
  "$BIN" import "$input" --endpoint "$ENDPOINT" --yes --report "$WORK/report-$n.json" --backup "$WORK/backup-$n.json"
  summary "$WORK/report-$n.json"
done

step "plan samples/sources.json again: nothing left to do (exit 0 with --detailed-exitcode)"
"$BIN" plan samples/sources.json --endpoint "$ENDPOINT" --detailed-exitcode

step "stopping the emulator"
kill "$EMULATOR_PID"; wait "$EMULATOR_PID" 2>/dev/null || true; EMULATOR_PID=""
echo "done"
