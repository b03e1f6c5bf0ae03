-- Mixed API traffic for wrk: cached reads, analyses, run starts, and API-key reads.
-- Reports the requests sent by kind, the answers by status (wrk does not say which
-- request an answer belongs to), and p50/p99/p99.9 latencies.
local kinds = {
  {name = "agents/available", weight = 45, method = "GET", path = "/api/agents/available", auth = "bearer"},
  {name = "analyze", weight = 25, method = "POST", path = "/api/cfo/analyze", auth = "bearer", body = "analyze"},
  {name = "start run", weight = 10, method = "POST", path = "/api/orchestrations", auth = "bearer", body = "analyze"},
  {name = "runs via API key", weight = 20, method = "GET", path = "/api/orchestrations?page_size=5", auth = "key"},
}
local token = os.getenv("SOAK_TOKEN")
local key = os.getenv("SOAK_API_KEY")
local analyze = '{"company_name":"Ledgerly","industry":"B2B SaaS for accounting teams","location":"Wilmington, DE","budget":50000,"timeline":180,"objectives":["Build a memorable brand and logo","Launch a website with pricing and docs","Run Google Ads to acquire the first customers"]}'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  sent = {}
  math.randomseed(os.time() + #tostring({}))
end

function request()
  local pick = math.random(100)
  local index = 1
  for i, kind in ipairs(kinds) do
    if pick <= kind.weight then index = i break end
    pick = pick - kind.weight
  end
  local kind = kinds[index]
  sent[kind.name] = (sent[kind.name] or 0) + 1
  local headers = {}
  if kind.auth == "bearer" then headers["Authorization"] = "Bearer " .. token else headers["X-API-Key"] = key end
  local body = nil
  if kind.body then headers["Content-Type"] = "application/json"; body = analyze end
  return wrk.format(kind.method, kind.path, headers, body)
end

function response(status, headers, body)
  local name = tostring(status)
  counts[name] = (counts[name] or 0) + 1
end

function done(summary, latency, requests)
  local totals, kinds_sent = {}, {}
  for _, thread in ipairs(threads) do
    for name, n in pairs(thread:get("counts")) do totals[name] = (totals[name] or 0) + n end
    for name, n in pairs(thread:get("sent")) do kinds_sent[name] = (kinds_sent[name] or 0) + n end
  end
  for _, kind in ipairs(kinds) do io.write(string.format("soak: sent %s: %d\n", kind.name, kinds_sent[kind.name] or 0)) end
  io.write(string.format("soak: requests %d in %.1f s = %.0f/s\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("soak: latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("soak: socket errors connect %d read %d write %d timeout %d\n", summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  local names = {}
  for name in pairs(totals) do table.insert(names, name) end
  table.sort(names)
  for _, name in ipairs(names) do io.write(string.format("soak: answers with status %s: %d\n", name, totals[name])) end
end
