#!/usr/bin/env bash
# Times `ibsources validate` on large CSV, YAML and XML inputs against peers on the
# same files, and prints one table.
#
#   CSV  (1,000,000 rows)    vs Python's csv.reader (iterating the rows)   target <= 0.7x
#   YAML (100,000 records)   vs a bare C walk of libyaml's events          target <= 2.5x
#                            and PyYAML's CSafeLoader (for reference)
#   XML  (100,000 records)   vs a bare C walk of libxml2's xmlTextReader   target <= 2.5x
#                            and xml.etree.ElementTree.iterparse (for reference)
#   JSON (100,000 records)   vs Python's json.load (its C scanner), for reference: one
#                            tokenizer (SourcesCore's JSONLexer) reads every JSON we read
#   The reference peers run once (REFERENCE_RUNS); the rest best of RUNS (3).
#   Our peak RSS on the 1,000,000-row CSV: target < 150 MB.
#   CSV of 1,000,000 rows that all repeat one name (1,000,000 - 1 duplicate-name errors,
#   output to /dev/null), in text and in JSON output: target < 5 s and < 150 MB each.
#   Ours reads on a second thread while the first normalises and validates, so its wall
#   time (what the ratios use) can be below its CPU time; the table shows both.
#
# Inputs are generated once into bench/work/ (git-ignored; `--regenerate` redoes them).
# Builds .build/release/ibsources with `swift build -c release --product ibsources`
# when it is missing. Timing: hyperfine (best of 3) when installed, else best of 3
# with a plain clock. Peak RSS: /usr/bin/time -v (installed with apt-get if missing).
# Exit status: 0 when every target is met, 1 when one is missed, 2 on a setup error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work"
BIN="${IBSOURCES_BIN:-$ROOT/.build/release/ibsources}"
RUNS=${RUNS:-3}
# The reference peers (PyYAML, ElementTree) have no target; one run each keeps the script short.
REFERENCE_RUNS=${REFERENCE_RUNS:-1}
CSV_ROWS=${CSV_ROWS:-1000000}
RECORDS=${RECORDS:-100000}
mkdir -p "$WORK"
cd "$ROOT"

die() { echo "readers.sh: $*" >&2; exit 2; }

if [[ "${1:-}" == "--regenerate" ]]; then rm -f "$WORK"/sources-*.{csv,yaml,xml,json} "$WORK"/duplicates-*.csv; fi

# --- tools -------------------------------------------------------------------
command -v python3 >/dev/null || die "python3 is needed for the peers and the generator"
command -v pkg-config >/dev/null || die "pkg-config is needed to build the C floor programs"
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (for peak RSS)…" >&2
    (apt-get install -y time >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1)) \
        || die "cannot install GNU time; install the 'time' package"
fi
if ! python3 -c 'import yaml; assert yaml.__with_libyaml__' 2>/dev/null; then
    echo "installing PyYAML with libyaml (for the CSafeLoader peer)…" >&2
    python3 -m pip install --quiet pyyaml >/dev/null 2>&1 || true
fi
HAVE_PYYAML=$(python3 -c 'import yaml; print(1 if yaml.__with_libyaml__ else 0)' 2>/dev/null || echo 0)

cc -O2 -o "$WORK/yaml_walk" bench/floor/yaml_walk.c $(pkg-config --cflags --libs yaml-0.1) \
    || die "cannot build bench/floor/yaml_walk.c (is libyaml-dev installed?)"
cc -O2 -o "$WORK/xml_walk" bench/floor/xml_walk.c $(pkg-config --cflags --libs libxml-2.0) \
    || die "cannot build bench/floor/xml_walk.c (is libxml2-dev installed?)"

if [[ ! -x "$BIN" ]]; then
    echo "building the release binary (swift build -c release --product ibsources)…" >&2
    swift build -c release --product ibsources >&2 || die "the release build failed"
fi

# --- inputs ------------------------------------------------------------------
CSV="$WORK/sources-$CSV_ROWS.csv"
YAML="$WORK/sources-$RECORDS.yaml"
XML="$WORK/sources-$RECORDS.xml"
JSON="$WORK/sources-$RECORDS.json"
if [[ ! -s "$CSV" || ! -s "$YAML" || ! -s "$XML" || ! -s "$JSON" ]]; then
    echo "generating $CSV_ROWS CSV rows and $RECORDS YAML, XML and JSON records in bench/work/…" >&2
    python3 - "$CSV" "$YAML" "$XML" "$JSON" "$CSV_ROWS" "$RECORDS" <<'PY'
import json, sys

csv_path, yaml_path, xml_path, json_path = sys.argv[1:5]
csv_rows, records = int(sys.argv[5]), int(sys.argv[6])
TYPES = ["s3", "gcs", "dos", "r2", "akamai", "wasabi", "azure", "url"]
COLUMNS = ["access_key_id", "secret_access_key", "bucket", "region", "access_key", "secret", "endpoint",
           "account_name", "service_type", "sas_token", "container_name", "url", "require_token"]

def source(i):
    t = TYPES[i % len(TYPES)]
    c = {}
    if t == "s3":
        c = {"access_key_id": f"AKIA{i:012d}", "secret_access_key": f"wJalrXUtnFEMI/K7MDENG/{i:08d}",
             "bucket": f"bucket-{i}", "region": "us-east-1"}
    elif t in ("gcs", "r2", "wasabi"):
        c = {"access_key": f"key{i:010d}", "secret": f"secret-{i:010d}", "bucket": f"bucket-{i}"}
    elif t == "dos":
        c = {"access_key": f"DO{i:012d}", "secret": f"secret-{i:010d}", "bucket": f"space-{i}", "region": "nyc3"}
    elif t == "akamai":
        c = {"access_key": f"ak{i:08d}", "secret": f"s{i:012d}", "bucket": f"ns-{i}",
             "endpoint": "example-nsu.akamaihd.net"}
    elif t == "azure":
        c = {"account_name": f"acct{i}", "service_type": "blob", "sas_token": f"sv=2022-11-02&sig={i:016d}",
             "container_name": f"images-{i}"}
    else:
        c = {"url": f"https://images.example.com/{i}/"}
    if i % 3 == 0:
        c["require_token"] = "true" if i % 2 else "false"
    return f"src-{i:07d}", t, c

def csv_field(v):
    return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\r\n') else v

with open(csv_path, "w", newline="") as out:
    out.write(",".join(["source", "source_type"] + COLUMNS) + "\r\n")
    for i in range(1, csv_rows + 1):
        name, t, c = source(i)
        out.write(",".join([name, t] + [csv_field(c.get(k, "")) for k in COLUMNS]) + "\r\n")

def yq(v):
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'

with open(yaml_path, "w") as out:
    out.write(f'kind: "ibsources/export"\nversion: 1\nexported_at: "2026-11-29T10:00:00Z"\ncount: {records}\nsources:\n')
    for i in range(1, records + 1):
        name, t, c = source(i)
        out.write(f"  - source: {yq(name)}\n    source_type: {yq(t)}\n    credentials:\n")
        for k, v in c.items():
            out.write(f"      {yq(k)}: {yq(v)}\n")

def xe(v):
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

with open(xml_path, "w") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<sources kind="ibsources/export" version="1" exported_at="2026-11-29T10:00:00Z" count="{records}">\n')
    for i in range(1, records + 1):
        name, t, c = source(i)
        out.write(f"  <source>\n    <source>{xe(name)}</source>\n    <source_type>{t}</source_type>\n    <credentials>\n")
        for k, v in c.items():
            out.write(f"      <{k}>{xe(v)}</{k}>\n")
        out.write("    </credentials>\n  </source>\n")
    out.write("</sources>\n")

# The export envelope, as `export --format json` writes it (one source per line).
with open(json_path, "w") as out:
    out.write(f'{{"kind": "imageboss-sources", "version": 1, "exported_at": "2026-11-29T10:00:00Z", "count": {records},\n')
    out.write(' "sources": [\n')
    for i in range(1, records + 1):
        name, t, c = source(i)
        item = json.dumps({"source": name, "source_type": t, "credentials": c}, ensure_ascii=False)
        out.write(f"  {item}{',' if i < records else ''}\n")
    out.write("]}\n")
PY
fi

# Every row the same name: the duplicate-name path, one error per row but the first.
DUP="$WORK/duplicates-$CSV_ROWS.csv"
if [[ ! -s "$DUP" ]]; then
    echo "generating $CSV_ROWS rows of one repeated name in bench/work/…" >&2
    python3 - "$DUP" "$CSV_ROWS" <<'PY'
import sys
with open(sys.argv[1], "w", newline="") as out:
    out.write("source,source_type,url\n")
    out.write("dup,url,https://a.example/\n" * int(sys.argv[2]))
PY
fi

# --- measuring ---------------------------------------------------------------
# best_of CMD...: prints the best wall time of $runs runs (default $RUNS), in seconds.
best_of() {
    local runs=${runs:-$RUNS}
    if command -v hyperfine >/dev/null; then
        local json="$WORK/hyperfine.json"
        hyperfine --runs "$runs" --ignore-failure --style none --export-json "$json" "$*" >/dev/null 2>&1 \
            || { echo "nan"; return; }
        python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["min"])' "$json"
    else
        python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(" ".join(cmd), shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    best = min(best, time.perf_counter() - start)
print("%.3f" % best)
PY
    fi
}

# check_ours FILE: our validate must read the whole file (exit 0, or 1 for record errors; 2 means it could not).
# It runs under GNU time (which passes the exit status on), whose log rss_and_cpu reads.
check_ours() {
    local status=0
    /usr/bin/time -v -o "$WORK/time-$(basename "$1").log" "$BIN" validate "$1" >"$WORK/validate.out" 2>&1 || status=$?
    if [[ $status -ge 2 ]]; then
        echo "readers.sh: 'ibsources validate $1' failed (exit $status):" >&2
        tail -5 "$WORK/validate.out" >&2
        exit 2
    fi
    [[ $status -eq 0 ]] || echo "note: validate reported record errors on $1 (exit $status): $(tail -1 "$WORK/validate.out")" >&2
}

# rss_and_cpu FILE: the peak resident set size (MB) and the CPU time, user + system (s), of check_ours's run.
rss_and_cpu() {
    awk -F': ' '/Maximum resident set size/ { rss = $2 / 1024 }
                /User time \(seconds\)/ { cpu += $2 } /System time \(seconds\)/ { cpu += $2 }
                END { printf "%.1f %.2f\n", rss, cpu }' "$WORK/time-$(basename "$1").log"
}

PY_CSV="python3 -c 'import csv,sys
n = 0
for row in csv.reader(open(sys.argv[1], newline=\"\")): n += 1' $CSV"
PY_YAML="python3 -c 'import sys,yaml; yaml.load(open(sys.argv[1], \"rb\"), Loader=yaml.CSafeLoader)' $YAML"
PY_JSON="python3 -c 'import json,sys; json.load(open(sys.argv[1], \"rb\"))' $JSON"
PY_XML="python3 -c 'import sys,xml.etree.ElementTree as ET
for _, e in ET.iterparse(sys.argv[1]):
    if e.tag == \"source\": e.clear()' $XML"

for f in "$CSV" "$YAML" "$XML" "$JSON"; do check_ours "$f"; done

# dup_run MODE: one validate of the duplicates file in MODE (text or json) under GNU time,
# output to /dev/null; it must exit 1 (record errors). Prints "seconds peak-MB".
dup_run() {
    local log="$WORK/time-duplicates-$1.log" status=0
    /usr/bin/time -v -o "$log" "$BIN" validate --output "$1" "$DUP" >/dev/null 2>&1 || status=$?
    [[ $status -eq 1 ]] || die "'ibsources validate --output $1 $DUP' exited $status, not 1"
    awk -F': ' '/Elapsed \(wall clock\) time/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
                /Maximum resident set size/ { rss = $2 / 1024 }
                END { printf "%.3f %.1f\n", s, rss }' "$log"
}

echo "timing (best of $RUNS; reference peers: $REFERENCE_RUNS run)…" >&2
ours_csv=$(best_of "$BIN" validate "$CSV")
ours_yaml=$(best_of "$BIN" validate "$YAML")
ours_xml=$(best_of "$BIN" validate "$XML")
ours_json=$(best_of "$BIN" validate "$JSON")
peer_csv=$(best_of "$PY_CSV")
floor_yaml=$(best_of "$WORK/yaml_walk" "$YAML")
floor_xml=$(best_of "$WORK/xml_walk" "$XML")
peer_yaml=nan
[[ "$HAVE_PYYAML" == 1 ]] && peer_yaml=$(runs=$REFERENCE_RUNS best_of "$PY_YAML")
peer_xml=$(runs=$REFERENCE_RUNS best_of "$PY_XML")
peer_json=$(runs=$REFERENCE_RUNS best_of "$PY_JSON")
ours_dup_text=$(best_of "$BIN" validate --output text "$DUP")
ours_dup_json=$(best_of "$BIN" validate --output json "$DUP")
read -r _ rss_dup_text < <(dup_run text)
read -r _ rss_dup_json < <(dup_run json)
read -r rss_csv cpu_csv < <(rss_and_cpu "$CSV")
read -r rss_yaml cpu_yaml < <(rss_and_cpu "$YAML")
read -r rss_xml cpu_xml < <(rss_and_cpu "$XML")
read -r rss_json cpu_json < <(rss_and_cpu "$JSON")

python3 - "$ours_csv" "$peer_csv" "$ours_yaml" "$floor_yaml" "$peer_yaml" "$ours_xml" "$floor_xml" "$peer_xml" \
    "$rss_csv" "$rss_yaml" "$rss_xml" "$cpu_csv" "$cpu_yaml" "$cpu_xml" \
    "$(basename "$CSV")" "$(basename "$YAML")" "$(basename "$XML")" \
    "$ours_dup_text" "$ours_dup_json" "$rss_dup_text" "$rss_dup_json" "$(basename "$DUP")" \
    "$ours_json" "$peer_json" "$rss_json" "$cpu_json" "$(basename "$JSON")" <<'PY'
import sys
(ours_csv, peer_csv, ours_yaml, floor_yaml, peer_yaml, ours_xml, floor_xml, peer_xml,
 rss_csv, rss_yaml, rss_xml, cpu_csv, cpu_yaml, cpu_xml) = [
    float(x) if x not in ("", "nan") else float("nan") for x in sys.argv[1:15]]
csv_name, yaml_name, xml_name = sys.argv[15:18]
dup_text, dup_json, rss_dup_text, rss_dup_json = [
    float(x) if x not in ("", "nan") else float("nan") for x in sys.argv[18:22]]
dup_name = sys.argv[22]
ours_json, peer_json, rss_json, cpu_json = [
    float(x) if x not in ("", "nan") else float("nan") for x in sys.argv[23:27]]
json_name = sys.argv[27]
rows = [
    (csv_name, ours_csv, "python csv.reader", peer_csv, 0.7, rss_csv, cpu_csv),
    (yaml_name, ours_yaml, "C libyaml event walk", floor_yaml, 2.5, rss_yaml, cpu_yaml),
    (yaml_name, ours_yaml, "PyYAML CSafeLoader", peer_yaml, None, rss_yaml, cpu_yaml),
    (xml_name, ours_xml, "C xmlTextReader walk", floor_xml, 2.5, rss_xml, cpu_xml),
    (xml_name, ours_xml, "ElementTree iterparse", peer_xml, None, rss_xml, cpu_xml),
    (json_name, ours_json, "python json.load", peer_json, None, rss_json, cpu_json),
]
missed = False
print(f"{'file':<26} {'ours (s)':>9} {'peer':<22} {'peer (s)':>9} {'ratio':>7} {'target':>8} {'ok':>4} "
      f"{'our RSS (MB)':>13} {'our CPU (s)':>12}")
for name, ours, peer, peer_s, target, rss, cpu in rows:
    ratio = ours / peer_s if peer_s == peer_s and peer_s > 0 else float("nan")
    if target is None:
        ok, target_text = "", "-"
    else:
        good = ratio == ratio and ratio <= target
        missed |= not good
        ok, target_text = ("yes" if good else "NO"), f"<={target}x"
    print(f"{name:<26} {ours:>9.3f} {peer:<22} {peer_s:>9.3f} {ratio:>7.2f} {target_text:>8} {ok:>4} "
          f"{rss:>13.1f} {cpu:>12.2f}")
rss_ok = rss_csv == rss_csv and rss_csv < 150
missed |= not rss_ok
print(f"peak RSS on the CSV: {rss_csv:.1f} MB (target < 150 MB): {'yes' if rss_ok else 'NO'}")
for mode, seconds, rss in (("text", dup_text, rss_dup_text), ("json", dup_json, rss_dup_json)):
    good = seconds == seconds and seconds < 5 and rss == rss and rss < 150
    missed |= not good
    print(f"{dup_name} (--output {mode}): {seconds:.3f} s, peak RSS {rss:.1f} MB "
          f"(target < 5 s, < 150 MB): {'yes' if good else 'NO'}")
print("times are wall clock, best of the runs; ours reads on a second thread (the peers use one), "
      "so 'our CPU' (user + system, one run) shows the work done")
sys.exit(1 if missed else 0)
PY
