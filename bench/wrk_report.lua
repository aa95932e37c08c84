-- wrk script for the benchmarks: sends what the production site expects behind its
-- TLS proxy, counts non-2xx answers, and prints the figures as one JSON line.
-- Used as: wrk -s bench/wrk_report.lua http://127.0.0.1:PORT/path

wrk.headers["X-Forwarded-Proto"] = "https"
-- Host is left to wrk: "127.0.0.1:PORT", which ALLOWED_HOSTS accepts.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non = 0
  for _, thread in ipairs(threads) do
    non = non + (thread:get("non2xx") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local function ms(us) return us / 1000.0 end
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "rps": %.1f, "bytes": %d, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "non2xx": %d}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency.mean), ms(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout, non))
end
