#!/usr/bin/env bash
# bench/import.sh: import throughput, in one run (called by `make bench-import`).
#
#  1. 5,000 sources into a fresh emulator without a rate limit:
#     - ours:     `ibsources import` on its defaults (concurrency 8, adaptive rate);
#     - peer:     `xargs -P 8` running one `curl` POST per source;
#     - ceiling:  wrk POSTing unique sources as fast as the emulator answers (16 connections);
#                 for reference also with 8, our default concurrency (no target on that one).
#  2. The same import into an emulator with `--rate-limit 50`, our client on its defaults:
#     share of the limit achieved, share of requests answered 429.
#
# Targets: ours >= 5x the curl peer, >= 70% of the ceiling; >= 90% of the limit with <= 5% 429s.
# Settings (environment): BENCH_CONFIG (release|debug, default release), BENCH_COUNT (5000),
# BENCH_LIMITED_COUNT (1500), BENCH_RATE_LIMIT (50), BENCH_WRK_SECONDS (10), BENCH_SCRATCH (a separate
# build directory, e.g. to build release without holding the lock of .build).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${BENCH_COUNT:-5000}
LIMITED_COUNT=${BENCH_LIMITED_COUNT:-1500}
RATE_LIMIT=${BENCH_RATE_LIMIT:-50}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
KEY="bench-key-$$"

. bench/lib.sh
bench_require curl wrk xargs python3
bench_binary
bench_workdir bench

# start_emulator [serve flags...]: a fresh in-memory emulator on a free port; sets PORT and ENDPOINT.
start_emulator() {
  emulator_start_or_exit "$BIN" "$WORK" --port 0 --api-key "$KEY:bench" "$@"
  PORT="$EMULATOR_PORT"
  ENDPOINT="http://127.0.0.1:$PORT/v1"
}
stats() { curl -s -H "imageboss-api-key: $KEY" "http://127.0.0.1:$PORT/_emulator/stats"; }
# Timestamps from bash itself: starting Python for them (50-140 ms on this machine) fell inside
# the timed interval and was counted as import time.
now() { echo "$EPOCHREALTIME"; }

# inputs: a CSV for ibsources, one JSON body per line for curl (same shapes, other names).
python3 - "$WORK" "$COUNT" "$LIMITED_COUNT" <<'PY'
import sys
work, count, limited = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def csv(path, prefix, n):
    with open(path, "w") as f:
        f.write("source,source_type,bucket,region,access_key_id,secret_access_key,url\n")
        for i in range(1, n + 1):
            if i % 2:
                f.write(f"{prefix}-{i},s3,bucket-{i},us-east-1,AKIAEXAMPLE{i},benchSecret{i}\n")
            else:
                f.write(f"{prefix}-{i},url,,,,,https://img{i}.example.com\n")
csv(f"{work}/ours.csv", "ours", count)
csv(f"{work}/limited.csv", "limited", limited)
with open(f"{work}/curl.jsonl", "w") as f:
    for i in range(1, count + 1):
        if i % 2:
            f.write('{"source":{"source":"curl-%d","source_type":"s3","credential_attributes":{"bucket":"bucket-%d",'
                    '"region":"us-east-1","access_key_id":"AKIAEXAMPLE%d","secret_access_key":"benchSecret%d"}}}\n' % (i, i, i, i))
        else:
            f.write('{"source":{"source":"curl-%d","source_type":"url","credential_attributes":'
                    '{"url":"https://img%d.example.com"}}}\n' % (i, i))
PY

export IMAGEBOSS_API_KEY="$KEY"

echo "== ours: $COUNT sources, defaults" >&2
start_emulator
t0=$(now)
"$BIN" import "$WORK/ours.csv" --endpoint "$ENDPOINT" --yes --quiet --report "$WORK/ours-report.json" \
  --backup "$WORK/ours-backup.json" >"$WORK/ours.out"
t1=$(now)
stats >"$WORK/ours-stats.json"
emulator_stop

echo "== peer: xargs -P 8 curl, $COUNT POSTs" >&2
start_emulator
t2=$(now)
tr '\n' '\0' <"$WORK/curl.jsonl" | xargs -0 -P 8 -I{} curl -s -o /dev/null -X POST \
  -H "imageboss-api-key: $KEY" -H "Content-Type: application/json" --data-raw {} "$ENDPOINT/sources"
t3=$(now)
stats >"$WORK/curl-stats.json"
emulator_stop

echo "== ceiling: wrk, ${WRK_SECONDS}s of unique POSTs" >&2
start_emulator
BENCH_KEY="$KEY" wrk -t2 -c16 -d"${WRK_SECONDS}s" -s bench/wrk-create.lua "$ENDPOINT/sources" >"$WORK/wrk.out"
emulator_stop
# For reference: the same load tool held to our default of 8 requests in flight.
start_emulator
BENCH_KEY="$KEY" wrk -t2 -c8 -d"${WRK_SECONDS}s" -s bench/wrk-create.lua "$ENDPOINT/sources" >"$WORK/wrk8.out"
emulator_stop

echo "== ours against --rate-limit $RATE_LIMIT: $LIMITED_COUNT sources, defaults" >&2
start_emulator --rate-limit "$RATE_LIMIT"
"$BIN" import "$WORK/limited.csv" --endpoint "$ENDPOINT" --yes --quiet --report "$WORK/limited-report.json" \
  --backup "$WORK/limited-backup.json" >"$WORK/limited.out"
stats >"$WORK/limited-stats.json"
emulator_stop

python3 - "$WORK" "$COUNT" "$LIMITED_COUNT" "$RATE_LIMIT" "$t0" "$t1" "$t2" "$t3" "$CONFIG" <<'PY'
import json, re, sys
work, count, limited, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
t0, t1, t2, t3 = map(float, sys.argv[5:9])
config = sys.argv[9]
load = lambda name: json.load(open(f"{work}/{name}"))
ours_report, ours_stats = load("ours-report.json"), load("ours-stats.json")
curl_stats = load("curl-stats.json")
ours_created = ours_report["summary"]["created"]
curl_created = curl_stats["requests_by_status"].get("201", 0)
ours_rate = ours_created / (t1 - t0)
curl_rate = curl_created / (t3 - t2)
wrk = open(f"{work}/wrk.out").read()
ceiling = float(re.search(r"Requests/sec:\s*([\d.]+)", wrk).group(1))
ceiling8 = float(re.search(r"Requests/sec:\s*([\d.]+)", open(f"{work}/wrk8.out").read()).group(1))
lim_report, lim_stats = load("limited-report.json"), load("limited-stats.json")
lim_created = lim_report["summary"]["created"]
lim_elapsed = lim_report["statistics"]["elapsed_seconds"]
lim_rate = lim_created / lim_elapsed if lim_elapsed else 0
share_429 = lim_stats["rate_limited"] / max(1, lim_stats["total_requests"])
def mark(ok): return "yes" if ok else "NO"
rows = [
    ("ours, no limit (creates/s, wall clock)", f"{ours_rate:.0f}", f"{ours_created}/{count} created in {t1 - t0:.2f} s", ""),
    ("peer: xargs -P 8 curl (creates/s)", f"{curl_rate:.0f}", f"{curl_created}/{count} created in {t3 - t2:.2f} s", ""),
    ("ceiling: wrk -t2 -c16 (creates/s)", f"{ceiling:.0f}", "", ""),
    ("ours / peer", f"{ours_rate / curl_rate:.1f}x", ">= 5x", mark(ours_rate >= 5 * curl_rate)),
    ("ours / ceiling", f"{100 * ours_rate / ceiling:.0f}%", ">= 70%", mark(ours_rate >= 0.7 * ceiling)),
    ("for reference: wrk -t2 -c8, our concurrency (creates/s)", f"{ceiling8:.0f}",
     f"ours is {100 * ours_rate / ceiling8:.0f}% of it", ""),
    (f"ours at --rate-limit {limit:g} (creates/s)", f"{lim_rate:.1f}",
     f"{lim_report['summary']['created']}/{limited} created in {lim_elapsed:.1f} s", ""),
    ("share of the limit achieved", f"{100 * lim_rate / limit:.0f}%", ">= 90%", mark(lim_rate >= 0.9 * limit)),
    ("share of requests answered 429", f"{100 * share_429:.1f}%",
     f"{lim_stats['rate_limited']} of {lim_stats['total_requests']}; <= 5%", mark(share_429 <= 0.05)),
]
print(f"bench-import ({config} build, {count} sources; rate-limited run: {limited} sources)")
print("| measure | value | detail / target | met |")
print("|---|---|---|---|")
for r in rows: print("| " + " | ".join(r) + " |")
PY
