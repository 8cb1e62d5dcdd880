#!/usr/bin/env bash
# bench/check.sh: `ibsources check` throughput, in one run (called by `make bench-check`).
#
#  1. 1,000 s3 records against moto's S3 server (which verifies every signature), path-style,
#     --concurrency 16: records per second; peer: boto3 sending the same 1,000 ListObjectsV2
#     from 16 threads (moto, one Python process, is the bottleneck of both).
#  2. 1,000 records against a provider that answers every request after 100 ms:
#     - 1,000 s3 buckets behind one host (path-style): at most 6 in flight to one host, so the
#       floor is 1,000 x 100 ms / 6 = 16.7 s;
#     - 1,000 url sources spread over 16 loopback addresses: 16 in flight, floor 6.25 s.
#
# Target: a 1,000-bucket file checked in well under a minute at 100 ms per answer.
# Settings (environment): BENCH_CONFIG (release|debug, default release), BENCH_COUNT (1000),
# BENCH_SCRATCH (a separate build directory).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${BENCH_COUNT:-1000}
PY=.venv-test/bin/python
[[ -x $PY ]] || PY=python3
"$PY" -c "import moto, boto3" 2>/dev/null || { echo "bench/check.sh: moto and boto3 are needed: make test-venv" >&2; exit 2; }

. bench/lib.sh
bench_binary

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ibsources-bench-check.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { echo "$EPOCHREALTIME"; }
rate() { python3 -c "import sys; n, a, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print(f'{n / (b - a):.0f} records/s ({b - a:.2f} s)')" "$@"; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$@"; }

# 1. moto ------------------------------------------------------------------------------------
BUCKETS=()
for i in $(seq 1 "$COUNT"); do BUCKETS+=("bench-bucket-$i"); done
mkfifo "$WORK/moto.in"
"$PY" Tests/StorageCheckTests/Support/moto_fixture.py "${BUCKETS[@]}" <"$WORK/moto.in" >"$WORK/moto.out" 2>"$WORK/moto.err" &
PIDS+=($!)
exec 7>"$WORK/moto.in"   # holds moto's stdin open until the script ends
for _ in $(seq 1 600); do [[ -s $WORK/moto.out ]] && break; sleep 0.1; done
[[ -s $WORK/moto.out ]] || { echo "moto did not start:" >&2; cat "$WORK/moto.err" >&2; exit 2; }
read -r MOTO_PORT KEY SECRET < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['port'], *d['reader'])" "$WORK/moto.out")

python3 - "$WORK" "$COUNT" "$KEY" "$SECRET" <<'PY'
import sys
work, count, key, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(f"{work}/moto.csv", "w") as f:
    f.write("source,source_type,access_key_id,secret_access_key,bucket,region\n")
    for i in range(1, count + 1):
        f.write(f"b{i},s3,{key},{secret},bench-bucket-{i},us-east-1\n")
PY

start=$(now)
"$BIN" check "$WORK/moto.csv" --storage-endpoint "s3=http://127.0.0.1:$MOTO_PORT" --path-style --concurrency 16 \
  > "$WORK/moto-check.txt" || true
end=$(now)
ours=$(rate "$COUNT" "$start" "$end")
tail -1 "$WORK/moto-check.txt"

# The peer times itself after its imports and client set-up (Python's start-up is not the check).
peer=$("$PY" - "$MOTO_PORT" "$COUNT" "$KEY" "$SECRET" <<'PY'
import sys, time
from concurrent.futures import ThreadPoolExecutor
import boto3
from botocore.config import Config
port, count, key, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id=key,
                  aws_secret_access_key=secret,
                  config=Config(s3={"addressing_style": "path"}, max_pool_connections=16, retries={"max_attempts": 1}))
start = time.perf_counter()
with ThreadPoolExecutor(16) as pool:
    list(pool.map(lambda i: s3.list_objects_v2(Bucket=f"bench-bucket-{i}", MaxKeys=1), range(1, count + 1)))
took = time.perf_counter() - start
print(f"{count / took:.0f} records/s ({took:.2f} s)")
PY
)
ratio=$(python3 -c "import sys; print(f'{float(sys.argv[1].split()[0]) / float(sys.argv[2].split()[0]):.2f}')" "$ours" "$peer")
echo "moto, $COUNT s3 records, --concurrency 16:  ours $ours;  boto3 16 threads $peer;  ratio ${ratio}x"

# 2. a provider that answers in 100 ms ---------------------------------------------------------
"$PY" - "$WORK/slow.port" <<'PY' &
import sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import socket
class Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def setup(self):
        super().setup()
        # Headers and body go out as two writes: without this, Nagle's algorithm holds the body
        # until the client's delayed ACK (40 ms), and the provider seems to answer in 140 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def answer(self, body):
        time.sleep(0.1)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return body
    def do_GET(self):
        self.wfile.write(self.answer(b"<ListBucketResult><KeyCount>1</KeyCount></ListBucketResult>"))
    def do_HEAD(self):
        self.answer(b"")
    def log_message(self, *args):
        pass
servers = [ThreadingHTTPServer((f"127.0.0.{i}", 0), Slow) for i in range(1, 17)]
port_of = [s.server_address[1] for s in servers]
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(" ".join(map(str, port_of)) + "\n")
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Event().wait()
PY
PIDS+=($!)
for _ in $(seq 1 100); do [[ -s $WORK/slow.port ]] && break; sleep 0.1; done
read -r -a SLOW_PORTS < "$WORK/slow.port"

python3 - "$WORK" "$COUNT" "${SLOW_PORTS[@]}" <<'PY'
import sys
work, count, ports = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with open(f"{work}/slow-s3.csv", "w") as f:
    f.write("source,source_type,access_key_id,secret_access_key,bucket,region\n")
    for i in range(1, count + 1):
        f.write(f"b{i},s3,AKIABENCH,benchSecret{i},bucket-{i},us-east-1\n")
with open(f"{work}/slow-url.csv", "w") as f:
    f.write("source,source_type,url\n")
    for i in range(1, count + 1):
        n = i % 16
        f.write(f"u{i},url,http://127.0.0.{n + 1}:{ports[n]}/images/{i}/\n")
PY

start=$(now)
"$BIN" check "$WORK/slow-s3.csv" --storage-endpoint "s3=http://127.0.0.1:${SLOW_PORTS[0]}" --path-style \
  --concurrency 16 > "$WORK/slow-s3.txt" || true
end=$(now)
tail -1 "$WORK/slow-s3.txt"
took=$(seconds "$start" "$end")
floor=$(python3 -c "print(f'{$COUNT * 0.1 / 6:.2f}')")
echo "100 ms provider, $COUNT s3 buckets on one host:   $took s (floor at 6 in flight to one host: $floor s; $(python3 -c "print(f'{$floor / $took:.0%}')") of it)"

start=$(now)
"$BIN" check "$WORK/slow-url.csv" --concurrency 16 > "$WORK/slow-url.txt" || true
end=$(now)
tail -1 "$WORK/slow-url.txt"
took=$(seconds "$start" "$end")
floor=$(python3 -c "print(f'{$COUNT * 0.1 / 16:.2f}')")
echo "100 ms provider, $COUNT url sources on 16 hosts:  $took s (floor at 16 in flight: $floor s; $(python3 -c "print(f'{$floor / $took:.0%}')") of it)"
