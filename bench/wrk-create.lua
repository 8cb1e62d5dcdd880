-- wrk script for bench/import.sh: POST /sources with a unique name per request
-- (each wrk thread gets its own id, so names never collide and every request is a real create).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("BENCH_KEY") or "bench-key"
  prefix = os.getenv("BENCH_PREFIX") or "wrk"
end

function request()
  counter = counter + 1
  local body = '{"source": {"source": "' .. prefix .. '-' .. tid .. '-' .. counter ..
    '", "source_type": "url", "credential_attributes": {"url": "https://images.example.com"}}}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["imageboss-api-key"] = key}, body)
end
