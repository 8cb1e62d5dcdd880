#!/usr/bin/env bash
# Measures the requests per second the Sources API emulator sustains on loopback,
# for GET /v1/sources and for POST /v1/sources (unique names per request), with wrk.
#
# Usage: bench/emulator-load.sh [--release|--debug] [--duration 10s] [--connections 16] [--threads 2]
#                               [--sources 10] [--binary PATH]
# Build first: swift build -c release --product ibsources   (or plain `swift build` for --debug)
set -euo pipefail

cd "$(dirname "$0")/.."
config=release
duration=10s
connections=16
threads=2
sources=10
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --release) config=release ;;
        --debug) config=debug ;;
        --duration) duration="$2"; shift ;;
        --connections) connections="$2"; shift ;;
        --threads) threads="$2"; shift ;;
        --sources) sources="$2"; shift ;;
        --binary) binary="$2"; shift ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
binary="${binary:-.build/$config/ibsources}"
if [ ! -x "$binary" ]; then
    echo "no $binary: build it first (swift build -c $config --product ibsources)" >&2
    exit 1
fi
if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: apt-get install -y wrk" >&2
    exit 1
fi

work="$(mktemp -d)"
. scripts/emulator.sh
cleanup() {
    emulator_stop
    rm -rf "$work"
}
trap cleanup EXIT

emulator_start_or_exit "$binary" "$work" --host 127.0.0.1 --port 0 \
    --api-key bench-get:get-account --api-key bench-post:post-account
port="$EMULATOR_PORT"
base="http://127.0.0.1:$port/v1/sources"

# The GET account holds $sources sources, so each GET returns a realistic list.
for i in $(seq 1 "$sources"); do
    curl -sf -o /dev/null -X POST "$base" -H 'imageboss-api-key: bench-get' -H 'Content-Type: application/json' \
        --data-raw "{\"source\":{\"source\":\"listed-$i\",\"source_type\":\"s3\",\"credential_attributes\":{\"access_key_id\":\"AKIA$i\",\"secret_access_key\":\"s$i\",\"bucket\":\"b$i\",\"region\":\"us-east-1\"}}}"
done

cat >"$work/get.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0 end
function response(status, headers, body)
    if status ~= 200 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
    io.write(string.format("non-200 answers: %d\n", total))
end
LUA

run() {
    local name="$1" script="$2"
    BENCH_KEY=bench-post BENCH_PREFIX=bench wrk -t"$threads" -c"$connections" -d"$duration" --latency \
        -s "$script" -H 'imageboss-api-key: bench-get' "$base" >"$work/$name.txt" 2>&1
}
run get "$work/get.lua"
run post bench/wrk-create.lua  # the POSTs of bench/import.sh's ceiling

row() {
    local name="$1" label="$2" file="$work/$1.txt"
    local rps p50 p99 bad
    rps="$(awk '/Requests\/sec/ {print $2}' "$file")"
    p50="$(awk '$1 == "50%" {print $2}' "$file")"
    p99="$(awk '$1 == "99%" {print $2}' "$file")"
    bad="$(awk -F': ' '/answers:/ {print $2}' "$file")"
    printf '| %-22s | %10s | %8s | %8s | %10s |\n' "$label" "$rps" "$p50" "$p99" "${bad:-?}"
}
echo
echo "emulator: $binary ($config), wrk -t$threads -c$connections -d$duration, loopback, $(nproc) cores"
printf '| %-22s | %10s | %8s | %8s | %10s |\n' "request" "req/s" "p50" "p99" "unexpected"
printf '|%s|%s|%s|%s|%s|\n' "------------------------" "------------" "----------" "----------" "------------"
row get "GET /v1/sources ($sources)"
row post "POST /v1/sources"
curl -sf "http://127.0.0.1:$port/_emulator/stats" >"$work/stats.json" && echo && echo "server stats: $(cat "$work/stats.json")"
