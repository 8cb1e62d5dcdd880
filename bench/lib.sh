# bench/lib.sh: what the benchmark scripts share. Sourced, not run: `. bench/lib.sh`, from the
# package root.

# bench_binary: sets BIN to the ibsources binary to measure and CONFIG to what it is: BENCH_BIN when
# given, else a build of configuration BENCH_CONFIG (default release) in BENCH_SCRATCH (a separate
# build directory, e.g. to build release without holding the lock of .build) or .build.
bench_binary() {
  CONFIG=${BENCH_CONFIG:-release}
  if [[ -n "${BENCH_BIN:-}" ]]; then
    BIN="$BENCH_BIN"
    CONFIG="binary $BIN"
    return
  fi
  local scratch=()
  [[ -n "${BENCH_SCRATCH:-}" ]] && scratch=(--scratch-path "$BENCH_SCRATCH")
  echo "== building ibsources ($CONFIG)" >&2
  swift build -c "$CONFIG" "${scratch[@]}" --product ibsources >&2
  BIN="$(swift build -c "$CONFIG" "${scratch[@]}" --show-bin-path)/ibsources"
}

# bench_workdir NAME: WORK, a fresh temporary directory, removed on exit together with the emulator
# that scripts/emulator.sh started (that script is sourced too).
bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/ibsources-$1.XXXXXX")
  . scripts/emulator.sh
  trap 'emulator_stop; rm -rf "$WORK"' EXIT
}

# bench_require TOOL...: exits 2, naming the Debian package, when a tool is missing.
bench_require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      echo "$(basename "$0"): '$tool' is required (apt-get install ${tool##*/})" >&2
      exit 2
    }
  done
}
