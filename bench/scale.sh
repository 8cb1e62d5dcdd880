#!/usr/bin/env bash
# bench/scale.sh: an account of 100,000 sources, end to end (called by `make bench-scale`).
#
# Against one in-memory emulator holding two accounts:
#   1. import     100,000 records (half s3, half url) into account A;
#   2. export     account A to a JSON export;
#   3. plan       the same file against account A (every record must be unchanged);
#   4. reimport   the same file again (no write may be sent: every record unchanged);
#   5. restore    the export into account B, with a secrets file for the s3 sources;
#   6. the emulator's own GET of the whole list of A: time, size, and its memory.
# Each ibsources step runs under GNU time: wall-clock seconds and peak RSS.
#
# Target (issue 12): each step under 30 s and 300 MB on the project's 2-core machine.
# Settings (environment): BENCH_CONFIG (release|debug, default release), BENCH_SCALE_COUNT
# (100000), BENCH_SCRATCH (a separate build directory), BENCH_BIN (an ibsources binary to use
# instead of building one).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${BENCH_SCALE_COUNT:-100000}
KEY_A="scale-a-$$"
KEY_B="scale-b-$$"

. bench/lib.sh
bench_require curl python3 /usr/bin/time
bench_binary
bench_workdir scale

python3 - "$WORK" "$COUNT" <<'PY'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
secrets = {}
with open(f"{work}/sources.csv", "w") as f:
    f.write("source,source_type,bucket,region,access_key_id,secret_access_key,url\n")
    for i in range(1, count + 1):
        if i % 2:
            f.write(f"scale-{i},s3,bucket-{i},us-east-1,AKIAEXAMPLE{i},scaleSecret{i}\n")
            secrets[f"scale-{i}"] = {"secret_access_key": f"scaleSecret{i}"}
        else:
            f.write(f"scale-{i},url,,,,,https://img{i}.example.com\n")
json.dump(secrets, open(f"{work}/secrets.json", "w"))
PY

emulator_start_or_exit "$BIN" "$WORK" --port 0 --api-key "$KEY_A:scale-a" --api-key "$KEY_B:scale-b"
ENDPOINT="http://127.0.0.1:$EMULATOR_PORT/v1"

# step NAME KEY COMMAND...: runs one ibsources command under GNU time; appends
# "NAME seconds peak_kb exit" to $WORK/steps and keeps its output in $WORK/NAME.out.
step() {
  local name="$1" key="$2"
  shift 2
  echo "== $name" >&2
  local status=0
  IMAGEBOSS_API_KEY="$key" /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" \
    || status=$?
  echo "$name $(cat "$WORK/$name.time") $status" >>"$WORK/steps"
  if [[ $status -ne 0 ]]; then
    echo "   exit $status:" >&2
    tail -5 "$WORK/$name.err" >&2
  fi
}

step import "$KEY_A" "$BIN" import "$WORK/sources.csv" --endpoint "$ENDPOINT" --yes --quiet \
  --report "$WORK/import-report.json" --backup "$WORK/import-backup.json"
step export "$KEY_A" "$BIN" export --endpoint "$ENDPOINT" -o "$WORK/export.json"
step plan "$KEY_A" "$BIN" plan "$WORK/sources.csv" --endpoint "$ENDPOINT"
step reimport "$KEY_A" "$BIN" import "$WORK/sources.csv" --endpoint "$ENDPOINT" --yes --quiet \
  --report "$WORK/reimport-report.json" --backup "$WORK/reimport-backup.json"
step restore "$KEY_B" "$BIN" restore "$WORK/export.json" --secrets "$WORK/secrets.json" --endpoint "$ENDPOINT" \
  --yes --quiet --report "$WORK/restore-report.json" --backup "$WORK/restore-backup.json"

# The emulator's own answer to GET of the whole list, and its memory while holding both accounts.
rss_kb() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$EMULATOR_PID/status"; }
before_kb=$(rss_kb VmRSS)
curl -s -o "$WORK/list.json" -w "%{time_total} %{size_download}\n" -H "imageboss-api-key: $KEY_A" \
  "$ENDPOINT/sources" >"$WORK/list.curl"
after_kb=$(rss_kb VmRSS)
peak_kb=$(rss_kb VmHWM)

python3 - "$WORK" "$COUNT" "$CONFIG" "$before_kb" "$after_kb" "$peak_kb" <<'PY'
import json, re, sys
work, count, config = sys.argv[1], int(sys.argv[2]), sys.argv[3]
before_kb, after_kb, peak_kb = (int(x) for x in sys.argv[4:7])
steps = {}
for line in open(f"{work}/steps"):
    name, seconds, kb, status = line.split()
    steps[name] = (float(seconds), int(kb) / 1024, int(status))
def text(name):
    try:
        return open(f"{work}/{name}").read()
    except OSError:
        return ""
def summary(report):
    try:
        return json.load(open(f"{work}/{report}"))["summary"]
    except (OSError, ValueError, KeyError):
        return {}
checks = {}
s = summary("import-report.json")
checks["import"] = f"{s.get('created', '?')} created, {s.get('failed', '?')} failed"
try:
    exported = json.load(open(f"{work}/export.json"))
    checks["export"] = f"{exported['count']} sources, {len(open(f'{work}/export.json', 'rb').read()) / 1e6:.0f} MB"
except (OSError, ValueError, KeyError):
    checks["export"] = "no export"
m = re.search(r"Plan: .*", text("plan.out"))
checks["plan"] = m.group(0) if m else "no plan line"
s = summary("reimport-report.json")
checks["reimport"] = f"{s.get('unchanged', '?')} unchanged, {s.get('created', '?')} created, {s.get('updated', '?')} updated"
s = summary("restore-report.json")
checks["restore"] = f"{s.get('created', '?')} created, {s.get('skipped', '?')} skipped, {s.get('failed', '?')} failed"

print(f"bench-scale ({config if config.startswith('binary') else config + ' build'}, {count} sources)")
print("| step | time | peak RSS | exit | result | under 30 s and 300 MB |")
print("|---|---|---|---|---|---|")
for name in ["import", "export", "plan", "reimport", "restore"]:
    if name not in steps:
        continue
    seconds, mb, status = steps[name]
    met = "yes" if seconds < 30 and mb < 300 and status == 0 else "NO"
    print(f"| {name} | {seconds:.1f} s | {mb:.0f} MB | {status} | {checks[name]} | {met} |")
seconds, size = open(f"{work}/list.curl").read().split()
print(f"| emulator: GET of the whole list | {float(seconds):.2f} s | {peak_kb / 1024:.0f} MB (server peak) | - | "
      f"{int(size) / 1e6:.1f} MB body; server RSS {before_kb / 1024:.0f} -> {after_kb / 1024:.0f} MB | - |")
PY
