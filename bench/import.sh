#!/usr/bin/env bash
# bench/import.sh: import throughput and politeness, in one run (called by `make bench-import`).
#
#  1. 5,000 sources into a fresh emulator without a rate limit (for reference):
#     - ours:     `ibsources import` on its defaults (concurrency 8, adaptive rate), with the
#                 client's CPU time per request (user + system, from /usr/bin/time);
#     - peer:     `xargs -P 8` running one `curl` POST per source;
#     - wrk:      POSTing unique sources as fast as the emulator answers (16 and 8 connections).
#  2. What a user waits for: 2,000 sources into an emulator answering in 50 ms on average
#     (`--latency 50`), at --concurrency 8 and 32; the ideal is concurrency / 50 ms.
#  3. The limiter matrix: 1,500 sources at `--rate-limit 50` against six kinds of limiter
#     (bucket burst 5 with retry-after / full / none+text headers, burst 50 retry-after,
#     a 5 s fixed window with retry-after / none): share of the limit (created per second over
#     the run's wall clock / 50), share of requests answered 429, records failed.
#  4. 200 sources at `--rate-limit 20 --burst 5 --rate-limit-headers retry-after`.
#
# Targets: ours >= 5x the curl peer; >= 90% of the ideal at both concurrencies; every matrix row
# >= 90% of the limit, <= 5% answered 429, 0 failed; the short run 0 failed, exit 0. (The old
# ">= 70% of wrk's ceiling" is retired: on 2 shared cores it measured AsyncHTTPClient's CPU per
# request, not anything a user waits for; the CPU time per request is shown instead.)
# Settings (environment): BENCH_CONFIG (release|debug, default release), BENCH_COUNT (5000),
# BENCH_LIMITED_COUNT (1500), BENCH_RATE_LIMIT (50), BENCH_LATENCY_COUNT (2000), BENCH_WRK_SECONDS (10),
# BENCH_SCRATCH (a separate build directory, e.g. to build release without holding the lock of .build),
# BENCH_ONLY (unlimited,latency,matrix,short: a comma-separated subset).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${BENCH_COUNT:-5000}
LIMITED_COUNT=${BENCH_LIMITED_COUNT:-1500}
RATE_LIMIT=${BENCH_RATE_LIMIT:-50}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
LATENCY_COUNT=${BENCH_LATENCY_COUNT:-2000}
ONLY=${BENCH_ONLY:-unlimited,latency,matrix,short}
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }
KEY="bench-key-$$"

. bench/lib.sh
bench_require curl wrk xargs python3 /usr/bin/time
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
python3 - "$WORK" "$COUNT" "$LIMITED_COUNT" "$LATENCY_COUNT" <<'PY'
import sys
work, count, limited, latency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
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
csv(f"{work}/latency.csv", "slow", latency)
csv(f"{work}/short.csv", "short", 200)
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

# run_import NAME CSV [import flags...]: our import into the running emulator, timed (wall clock in
# NAME.wall, CPU in NAME.time), its report, its emulator stats and its exit status (NAME.status).
run_import() {
  local name="$1" csv="$2"
  shift 2
  local started ended status=0
  started=$(now)
  /usr/bin/time -f "%U %S" -o "$WORK/$name.time" "$BIN" import "$csv" --endpoint "$ENDPOINT" --yes --quiet \
    --report "$WORK/$name-report.json" --backup "$WORK/$name-backup.json" "$@" >"$WORK/$name.out" 2>&1 || status=$?
  ended=$(now)
  echo "$started $ended" >"$WORK/$name.wall"
  echo "$status" >"$WORK/$name.status"
  stats >"$WORK/$name-stats.json"
}

if wanted unlimited; then
  echo "== ours: $COUNT sources, defaults" >&2
  start_emulator
  run_import ours "$WORK/ours.csv"
  emulator_stop

  echo "== peer: xargs -P 8 curl, $COUNT POSTs" >&2
  start_emulator
  t2=$(now)
  tr '\n' '\0' <"$WORK/curl.jsonl" | xargs -0 -P 8 -I{} curl -s -o /dev/null -X POST \
    -H "imageboss-api-key: $KEY" -H "Content-Type: application/json" --data-raw {} "$ENDPOINT/sources"
  t3=$(now)
  echo "$t2 $t3" >"$WORK/curl.wall"
  stats >"$WORK/curl-stats.json"
  emulator_stop

  echo "== wrk, ${WRK_SECONDS}s of unique POSTs, 16 and 8 connections" >&2
  start_emulator
  BENCH_KEY="$KEY" wrk -t2 -c16 -d"${WRK_SECONDS}s" -s bench/wrk-create.lua "$ENDPOINT/sources" >"$WORK/wrk.out"
  emulator_stop
  start_emulator
  BENCH_KEY="$KEY" wrk -t2 -c8 -d"${WRK_SECONDS}s" -s bench/wrk-create.lua "$ENDPOINT/sources" >"$WORK/wrk8.out"
  emulator_stop
fi

if wanted latency; then
  for c in 8 32; do
    echo "== ours: $LATENCY_COUNT sources, emulator --latency 50, --concurrency $c" >&2
    start_emulator --latency 50
    run_import "latency$c" "$WORK/latency.csv" --concurrency "$c"
    emulator_stop
  done
fi

# The six kinds of limiter: name and serve flags.
MATRIX=(
  "bucket, burst 5, retry-after|--burst 5 --rate-limit-headers retry-after"
  "bucket, burst 5, full headers|--burst 5 --rate-limit-headers full"
  "bucket, burst 5, bare 429, text body|--burst 5 --rate-limit-headers none --throttle-body text"
  "bucket, burst 50, retry-after|--burst 50 --rate-limit-headers retry-after"
  "window 5 s, retry-after|--rate-limit-window 5 --rate-limit-headers retry-after"
  "window 5 s, bare 429|--rate-limit-window 5 --rate-limit-headers none"
)
if wanted matrix; then
  i=0
  for row in "${MATRIX[@]}"; do
    i=$((i + 1))
    echo "== limiter $i: ${row%%|*} at --rate-limit $RATE_LIMIT, $LIMITED_COUNT sources" >&2
    # shellcheck disable=SC2086
    start_emulator --rate-limit "$RATE_LIMIT" ${row#*|}
    run_import "matrix$i" "$WORK/limited.csv"
    emulator_stop
  done
fi

if wanted short; then
  echo "== 200 sources at --rate-limit 20 --burst 5 --rate-limit-headers retry-after" >&2
  start_emulator --rate-limit 20 --burst 5 --rate-limit-headers retry-after
  run_import short "$WORK/short.csv"
  emulator_stop
fi

printf '%s\n' "${MATRIX[@]}" >"$WORK/matrix.names"
python3 - "$WORK" "$COUNT" "$LIMITED_COUNT" "$RATE_LIMIT" "$LATENCY_COUNT" "$CONFIG" "$(nproc)" <<'PY'
import json, os, re, sys, datetime
work, count, limited, limit, latency_count, config, cores = sys.argv[1:8]
count, limited, limit, latency_count = int(count), int(limited), float(limit), int(latency_count)
def load(name):
    path = f"{work}/{name}"
    return json.load(open(path)) if os.path.exists(path) else None
def wall(name):
    a, b = map(float, open(f"{work}/{name}.wall").read().split())
    return b - a
def cpu(name):
    u, s = map(float, open(f"{work}/{name}.time").read().split()[-2:])
    return u + s
def status(name): return int(open(f"{work}/{name}.status").read())
def mark(ok): return "yes" if ok else "NO"
print(f"bench-import, {datetime.date.today()}, {config} build, {cores} cores (client and emulator share them)")
print()
if os.path.exists(f"{work}/ours.wall"):
    report, stats = load("ours-report.json"), load("ours-stats.json")
    created = report["summary"]["created"] if report else 0
    rate = created / wall("ours")
    requests = stats["total_requests"]
    curl_stats = load("curl-stats.json")
    curl_created = curl_stats["requests_by_status"].get("201", 0)
    curl_rate = curl_created / wall("curl")
    wrk16 = float(re.search(r"Requests/sec:\s*([\d.]+)", open(f"{work}/wrk.out").read()).group(1))
    wrk8 = float(re.search(r"Requests/sec:\s*([\d.]+)", open(f"{work}/wrk8.out").read()).group(1))
    print(f"No limit, {count} sources (for reference)")
    print()
    print("| measure | creates/s | detail | target | met |")
    print("|---|---|---|---|---|")
    print(f"| ours, defaults (concurrency 8) | {rate:.0f} | {created}/{count} in {wall('ours'):.2f} s, "
          f"client CPU {1e6 * cpu('ours') / requests:.0f} µs per request ({requests} requests) | | |")
    print(f"| peer: xargs -P 8 curl | {curl_rate:.0f} | {curl_created}/{count} in {wall('curl'):.2f} s | | |")
    print(f"| ours / curl | {rate / curl_rate:.1f}x | | >= 5x | {mark(rate >= 5 * curl_rate)} |")
    print(f"| wrk -t2 -c16 / -c8 | {wrk16:.0f} / {wrk8:.0f} | ours is {100 * rate / wrk16:.0f}% / {100 * rate / wrk8:.0f}% of it | none | |")
    print()
rows = []
for c in (8, 32):
    name = f"latency{c}"
    if not os.path.exists(f"{work}/{name}.wall"): continue
    report = load(f"{name}-report.json")
    created = report["summary"]["created"] if report else 0
    rate, ideal = created / wall(name), c / 0.05
    rows.append(f"| --concurrency {c} | {rate:.0f} | {ideal:.0f} | {100 * rate / ideal:.0f}% | "
                f"{created}/{latency_count} in {wall(name):.1f} s | >= 90% | {mark(rate >= 0.9 * ideal)} |")
if rows:
    print(f"What a user waits for: {latency_count} sources, emulator answering in 50 ms on average (--latency 50)")
    print()
    print("| run | creates/s | ideal (concurrency / 50 ms) | share | detail | target | met |")
    print("|---|---|---|---|---|---|---|")
    for r in rows: print(r)
    print()
names = open(f"{work}/matrix.names").read().splitlines()
rows = []
for i, row in enumerate(names, 1):
    name = f"matrix{i}"
    if not os.path.exists(f"{work}/{name}.wall"): continue
    report, stats = load(f"{name}-report.json"), load(f"{name}-stats.json")
    summary = report["summary"] if report else {"created": 0, "failed": limited}
    share = summary["created"] / wall(name) / limit
    refused = stats["rate_limited"] / max(1, stats["total_requests"])
    ok = share >= 0.9 and refused <= 0.05 and summary["failed"] == 0 and status(name) == 0
    rows.append(f"| {row.split('|')[0]} | {100 * share:.0f}% | {100 * refused:.1f}% ({stats['rate_limited']} of "
                f"{stats['total_requests']}) | {summary['failed']} | {wall(name):.1f} s, exit {status(name)} | {mark(ok)} |")
if rows:
    print(f"Limiter matrix: {limited} sources at --rate-limit {limit:g} (targets: >= 90% of the limit, <= 5% answered 429, 0 failed)")
    print()
    print("| limiter | share of the limit | answered 429 | failed | run | met |")
    print("|---|---|---|---|---|---|")
    for r in rows: print(r)
    print()
if os.path.exists(f"{work}/short.wall"):
    report, stats = load("short-report.json"), load("short-stats.json")
    summary = report["summary"] if report else {"created": 0, "failed": 200}
    print(f"200 sources at --rate-limit 20 --burst 5 --rate-limit-headers retry-after: {summary['created']} created, "
          f"{summary['failed']} failed, exit {status('short')}, {wall('short'):.1f} s "
          f"({100 * summary['created'] / wall('short') / 20:.0f}% of the limit), "
          f"{stats['rate_limited']} of {stats['total_requests']} answered 429 "
          f"(target: 0 failed, exit 0: {mark(summary['failed'] == 0 and status('short') == 0)})")
PY
