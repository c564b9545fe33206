-- wrk script: POST /send-message/ with a different phone number and text per request.
-- The API key comes from the environment (bench/run.sh sets it). With BENCH_IDS set, each
-- thread writes the id of every 201 it gets to BENCH_IDS-<thread>, so the benchmark can check
-- that every answered message was stored.
local key = os.getenv("BENCH_API_KEY") or "bench-key-0001"
local ids_prefix = os.getenv("BENCH_IDS")
local counter = 0
local threads_started = 0
local ids = nil

-- Runs in the main state; thread_id becomes a global of each thread's own state.
setup = function(thread)
  thread:set("thread_id", threads_started)
  threads_started = threads_started + 1
end

init = function(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if ids_prefix then ids = io.open(ids_prefix .. "-" .. thread_id, "w") end
end

request = function()
  counter = counter + 1
  local n = (thread_id * 50000 + counter) % 100000
  local body = string.format(
    '{"api_key":"%s","phone":"+9725012%05d","name":"Bench %d","text":"benchmark message %d"}',
    key, n, n, counter)
  return wrk.format(nil, nil, nil, body)
end

if ids_prefix then
  response = function(status, headers, body)
    if status == 201 then
      local id = string.match(headers["Location"] or "", "(%d+)$")
      if id then ids:write(id, "\n") end
    end
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d non2xx=%d socket_errors=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.errors.status, socket_errors, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
