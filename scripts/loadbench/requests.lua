-- wrk script of the load benchmark (scripts/loadbench/run.py).
--
-- Reads the requests to send from the file named by $LOADBENCH_REQUESTS, one a line,
-- tab-separated: method, path, cookie header, version, body. Each wrk thread takes its own
-- share of the lines and sends them round-robin; a POST line's body has "{version}"
-- replaced by the line's version, which goes up by one each time it is sent (the draft
-- save refuses a stale version, and succeeds with the next one). Every request carries
-- what the HTTPS proxy in front of gunicorn adds (X-Forwarded-Proto) and a same-origin
-- Referer (Django's CSRF check over HTTPS). $LOADBENCH_EXPECT is the status every
-- response must have; done() prints one JSON line for run.py.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function split(line)
  local out = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(out, field)
  end
  return out
end

function init(args)
  lines = {}
  unexpected = 0
  expect = tonumber(os.getenv("LOADBENCH_EXPECT") or "200")
  local host = os.getenv("LOADBENCH_HOST")
  local all = {}
  for line in io.lines(os.getenv("LOADBENCH_REQUESTS")) do
    table.insert(all, split(line))
  end
  local nthreads = tonumber(os.getenv("LOADBENCH_THREADS") or "1")
  for i, f in ipairs(all) do
    if #all < nthreads or (i - 1) % nthreads == id then
      table.insert(lines, {
        method = f[1], path = f[2], cookie = f[3], version = tonumber(f[4]), body = f[5],
        referer = "https://" .. host .. f[2],
      })
    end
  end
  host_header = host
  next_line = 1
  -- wrk calls request() once on the first thread's state before sending anything, to
  -- count pipelined requests (wrk.c, script_verify_request): that call must not use up
  -- a line, or the first member's version runs one ahead and each of its saves is
  -- refused as stale.
  verifying = id == 0
end

function request()
  local r = lines[next_line]
  local dry = verifying
  verifying = false
  if not dry then
    next_line = next_line % #lines + 1
  end
  local headers = {
    ["Host"] = host_header,
    ["X-Forwarded-Proto"] = "https",
    ["Referer"] = r.referer,
    ["Cookie"] = r.cookie,
  }
  local body = nil
  if r.method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = r.body:gsub("{version}", tostring(r.version))
    if not dry then
      r.version = r.version + 1
    end
  end
  return wrk.format(r.method, r.path, headers, body)
end

function response(status, headers, body)
  if status ~= expect then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    'LOADBENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "max_us": %d, "unexpected": %d, "errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    bad, e.connect + e.read + e.write + e.timeout))
end
