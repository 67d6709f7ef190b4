-- wrk: POST /webhooks/bancamiga with a Refpk of its own per request (thread id + counter)
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tonumber(tid) or 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "bench-webhook-token")
end

function request()
  counter = counter + 1
  -- the run is in the reference too: the same reference, date, payer and amount is one bank movement (one payment)
  local ref = (os.getenv("BENCH_RUN") or "1") .. string.format("%02d%010d", thread_id, counter)
  local body = '{"BancoOrig":"0172","FechaMovimiento":"2025-05-08","HoraMovimiento":"16:02:49",' ..
    '"NroReferencia":"' .. ref .. '","PhoneOrig":"584240000000","PhoneDest":"584140000001",' ..
    '"Status":"000","Descripcion":"pago","Amount":"5.64","Refpk":"' .. ref .. '"}'
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.2f p99=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
