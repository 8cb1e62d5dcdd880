# scripts/emulator.sh: start and stop `ibsources serve` from the demo and the benchmarks.
# Sourced, not run: `. scripts/emulator.sh`.

# emulator_start BIN DIR SERVE-FLAGS...: starts `BIN serve --port-file DIR/port SERVE-FLAGS...`
# (give --port, 0 for a free one), logging to DIR/serve.log, and waits up to 10 s for it to
# listen. Sets EMULATOR_PID and EMULATOR_PORT and returns 0; returns 1, with the server gone,
# when it exits or does not listen in time (callers print DIR/serve.log).
emulator_start() {
  local bin="$1" dir="$2"
  shift 2
  rm -f "$dir/port"
  "$bin" serve --port-file "$dir/port" "$@" >"$dir/serve.log" 2>&1 &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    [[ -s "$dir/port" ]] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ ! -s "$dir/port" ]]; then
    emulator_stop
    return 1
  fi
  EMULATOR_PORT="$(tr -d '[:space:]' <"$dir/port")"
}

# emulator_start_or_exit BIN DIR SERVE-FLAGS...: emulator_start, or print DIR/serve.log and exit 1.
emulator_start_or_exit() {
  emulator_start "$@" && return 0
  echo "the emulator did not start:" >&2
  cat "$2/serve.log" >&2
  exit 1
}

# emulator_stop: stops the server emulator_start started, if it is still there.
emulator_stop() {
  if [[ -n "${EMULATOR_PID:-}" ]]; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  EMULATOR_PID=""
}
