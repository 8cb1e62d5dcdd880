#!/usr/bin/env bash
# scripts/demo.sh: the main job on the embedded emulator (called by `make demo`).
#
# Starts `ibsources serve` on a free port with a SQLite file, then plans and
# imports the valid sample of every format in turn: the CSV creates all eight sources, the
# XML, YAML and JSON samples change a few settings (updates with a field diff) and add
# sources, so each later import updates what the one before it made. Prints each plan and
# report summary, checks that a last plan has nothing left to do, and stops the emulator.
# Everything it writes (reports, backups, exports, the SQLite file) stays in a new folder
# demo-out/<UTC time>/ (ignored by git), so every path it prints still exists afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product ibsources >&2
BIN="$(swift build --show-bin-path)/ibsources"

WORK="demo-out/$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$WORK"
KEY="demo-key-$$"
. scripts/emulator.sh
cleanup() {
  emulator_stop
  echo "the demo's files are in $WORK/"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "starting the emulator (SQLite file $WORK/demo.sqlite)"
emulator_start_or_exit "$BIN" "$WORK" --port 0 --db "$WORK/demo.sqlite" --api-key "$KEY:demo"
ENDPOINT="http://127.0.0.1:$EMULATOR_PORT/v1"
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
emulator_stop
echo "done"

# =============================================================================================
# Backups and restore (issue 5): export the account, restore the export into a second, empty
# account with samples/secrets.yaml, show that the two accounts match, then roll the last
# import back. The emulator starts again on the same port with the same SQLite file: the
# account is still there, and the import reports still name this endpoint.
# =============================================================================================
KEY2="demo-second-key-$$"
PORT="$EMULATOR_PORT"
step "starting the emulator again on port $PORT (same SQLite file), with a second, empty account"
started=""
for _ in $(seq 1 50); do
  emulator_start "$BIN" "$WORK" --port "$PORT" --db "$WORK/demo.sqlite" --api-key "$KEY:demo" \
    --api-key "$KEY2:second" && { started=1; break; }
  sleep 0.2  # the port was not free yet
done
[[ -n "$started" ]] || { echo "the emulator did not start again:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "listening at $ENDPOINT"

accounts_match() { # two exports: same names, types and credentials (secret_token included; secrets are ****)
  python3 - "$1" "$2" <<'PY'
import json, sys
def lines(path):
    return sorted(json.dumps([s["source"], s["source_type"], sorted(s["credentials"].items())]) for s in json.load(open(path))["sources"])
a, b = lines(sys.argv[1]), lines(sys.argv[2])
if a != b:
    print("the accounts differ:", *sorted(set(a) ^ set(b)), sep="\n  ")
    sys.exit(1)
print(f"the accounts match: {len(a)} sources, every field and secret_token equal")
PY
}

step "export the account (JSON envelope; provider secrets stay ****, the file is mode 0600)"
"$BIN" export --endpoint "$ENDPOINT" -o "$WORK/export.json"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); print("exported_at", e["exported_at"], "count", e["count"])' "$WORK/export.json"
stat -c '%A %n' "$WORK/export.json"

step "restore the export into the second, empty account (secrets from samples/secrets.yaml)"
IMAGEBOSS_API_KEY="$KEY2" "$BIN" restore "$WORK/export.json" --endpoint "$ENDPOINT" --secrets samples/secrets.yaml \
  --yes --report "$WORK/restore.json" --backup "$WORK/restore-backup.json"
summary "$WORK/restore.json"

step "compare the two accounts"
IMAGEBOSS_API_KEY="$KEY2" "$BIN" export --endpoint "$ENDPOINT" -o "$WORK/second.json"
accounts_match "$WORK/export.json" "$WORK/second.json"

step "signed URLs still hold: sign-url gives the same URL with either account's secret_token"
for key in "$KEY" "$KEY2"; do
  IMAGEBOSS_API_KEY="$key" "$BIN" sign-url /shop-images/width/500/products/boot.jpg --endpoint "$ENDPOINT"
done

step "roll the last import ($input) back: first the plan, then for real"
"$BIN" rollback "$WORK/report-$n.json" --endpoint "$ENDPOINT" --dry-run
"$BIN" rollback "$WORK/report-$n.json" --endpoint "$ENDPOINT" --yes --report "$WORK/rollback.json" \
  --backup "$WORK/rollback-backup.json"
summary "$WORK/rollback.json"

step "the account now equals the backup that import took before its first write"
"$BIN" export --endpoint "$ENDPOINT" -o "$WORK/after-rollback.json"
accounts_match "$WORK/backup-$n.json" "$WORK/after-rollback.json"

step "stopping the emulator"
emulator_stop
echo "done: backups and restore"
