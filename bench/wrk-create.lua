-- wrk script for bench/import.sh and bench/emulator-load.sh: POST /sources with a unique name per
-- request (each wrk thread gets its own id, so names never collide and every request is a real
-- create), counting the answers that are not 201. BENCH_KEY: the API key; BENCH_PREFIX: the names' prefix.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("BENCH_KEY") or "bench-key"
  prefix = os.getenv("BENCH_PREFIX") or "wrk"
  unexpected = 0
end

-- The bodies alternate as bench/import.sh's inputs do: an s3 source with its four credentials,
-- then a url source (so the ceiling is measured on the same work as the imports it is compared with).
function request()
  counter = counter + 1
  local name = prefix .. '-' .. tid .. '-' .. counter
  local body
  if counter % 2 == 1 then
    body = '{"source":{"source":"' .. name .. '","source_type":"s3","credential_attributes":{"bucket":"bucket-' ..
      counter .. '","region":"us-east-1","access_key_id":"AKIAEXAMPLE' .. counter ..
      '","secret_access_key":"benchSecret' .. counter .. '"}}}'
  else
    body = '{"source":{"source":"' .. name .. '","source_type":"url","credential_attributes":{"url":"https://img' ..
      counter .. '.example.com"}}}'
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["imageboss-api-key"] = key}, body)
end

function response(status, headers, body)
  if status ~= 201 then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("non-201 answers: %d\n", total))
end
