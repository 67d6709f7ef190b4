#!/usr/bin/env bash
# The benchmark, in one command:  bash bench/run.sh      (about 10 minutes; needs wrk: apt-get install wrk)
# Builds the runner, starts it as a user would (bin/payment-hub: H2 file, embedded Kafka broker, the documented
# JVM settings, plus BENCH_JVM_FLAGS if set) with two floor routes beside the real ones, drives load from separate
# processes, prints one table and writes it to bench/RESULTS.md. Every figure stands beside floors
# measured in the same run, on the same runtime and flags: the machine is shared and noisy.
# Growth (phases 6-8): history answers of 10,000, 50,000 and 200,000 credits from the Bancamiga simulator (a
# process of its own) to a fresh runner each, 100,000 pending PAGO46 rows, and the webhook on the machine's
# PostgreSQL (127.0.0.1:5432, db test, user postgres; BENCH_PG_URL to change) beside a PostgreSQL storage floor.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
JVM_FLAGS=${BENCH_JVM_FLAGS:-}
PORT=18080; MGMT=19876; KPORT=19092; KCTRL=19093; SIMPORT=18181
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
EXTRA_OPTS=""
WORK=$(mktemp -d /tmp/payment-hub-bench.XXXXXX)
TOKEN=bench-webhook-token
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

echo "building…" >&2
mvn -B -q package -DskipTests
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt"
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"

rss() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$1/status"; }

# the runner as a user starts it: bin/payment-hub (documented JVM settings, class-data-sharing archive)
start_runner() { # data dir [JDBC URL] -> sets PID, ready_ms, rss_start (EXTRA_OPTS: more JVM flags)
  local started; started=$(date +%s%N)
  local db=${2:-"jdbc:h2:file:$1/db;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"}
  # shellcheck disable=SC2086
  PAYMENT_HUB_JAVA_OPTS="$JVM_FLAGS $EXTRA_OPTS -Dcamel.server.port=$PORT -Dcamel.management.port=$MGMT \
    -Dkafka.embedded.port=$KPORT -Dkafka.embedded.controller-port=$KCTRL -Dkafka.embedded.data-dir=$1/kafka \
    -Ddb.url=$db \
    -Dcamel.main.routes-include-pattern=file:routes/*.camel.yaml,file:bench/routes/*.camel.yaml \
    -Dbancamiga.webhook.token=$TOKEN" bin/payment-hub > "$1.log" 2>&1 &
  PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$MGMT/observe/health)" = 200 ]; do
    kill -0 $PID 2>/dev/null || { cat "$1.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  rss_start=$(rss $PID)
}
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
echo "first start after the build (records the class-data archive when it stops)…" >&2
rm -f target/payment-hub.jsa
start_runner "$WORK/first"
first_ready_ms=$ready_ms
kill $PID; wait $PID 2>/dev/null || true
echo "starting the runner…" >&2
start_runner "$WORK/run"

wrk_run() { # path -> "rps p50 p99 errors"
  BENCH_TOKEN=$TOKEN BENCH_RUN=$RANDOM wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" -s bench/webhook.lua "http://127.0.0.1:$PORT$1" \
    | awk '/^RESULT/ {for (i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]} print v["rps"], v["p50"], v["p99"], v["errors"]+v["non2xx"]}'
}
# each phase starts from a quiet runner: the events of the previous one are all on Kafka
drained() {
  until curl -s http://127.0.0.1:$MGMT/observe/metrics | grep -q '^paymenthub_outbox_pending 0.0'; do sleep 0.5; done
}
load() { java -cp "$CP" io.paymenthub.bench.WebhookLoad "http://127.0.0.1:$PORT/webhooks/bancamiga" $TOKEN "$@" | grep '^RESULT'; }
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

echo "warming up…" >&2
wrk_run /webhooks/bancamiga >/dev/null
echo "1/8 closed-loop throughput, 32 connections, ${SECONDS_PER_RUN} s each…" >&2
drained
read -r fh_rps fh_p50 fh_p99 fh_err <<<"$(wrk_run /bench/floor/http)"
read -r fs_rps fs_p50 fs_p99 fs_err <<<"$(wrk_run /bench/floor/store)"
read -r wh_rps wh_p50 wh_p99 wh_err <<<"$(wrk_run /webhooks/bancamiga)"
echo "2/8 500 requests/s offered…" >&2
drained
open=$(load 500 "$SECONDS_PER_RUN")
echo "3/8 webhook -> Kafka at 200 requests/s for 30 s…" >&2
drained
e2e=$(load 200 30 127.0.0.1:$KPORT payments.events)
rss_load=$(rss $PID)
# the volume tests get the machine to themselves
kill $PID; wait $PID 2>/dev/null || true
echo "4/8 reconcile and PAGO46 volumes (their tests, real routes)…" >&2
mvn -B -q test -Dtest='BancamigaHistoryVolumeTest,Pago46ForwardingBenchTest,ReconciliationReportVolumeTest' -Dsurefire.failIfNoSpecifiedTests=false > "$WORK/volume.log" 2>&1 || { tail -50 "$WORK/volume.log" >&2; exit 1; }
history=$(grep -h 'history of' target/surefire-reports/*BancamigaHistoryVolumeTest-output.txt | tail -1)
hist_ms=$(echo "$history" | sed -E 's/.*all published after ([0-9]+) ms.*/\1/')
hist_stored_ms=$(echo "$history" | sed -E 's/.*stored in ([0-9]+) ms.*/\1/')
hist_read_ms=$(echo "$history" | sed -E 's/.*after ([0-9]+) ms$/\1/')
pago46_ms=$(sed -E 's/.*forwarded in ([0-9]+) ms.*/\1/' target/pago46-bench-10000.txt)
report_ms=$(grep -h 'reconciliation report of' target/surefire-reports/*ReconciliationReportVolumeTest-output.txt | tail -1 | sed -E 's/.*: ([0-9]+) ms$/\1/')

# 6. a busy day: one history answer of N credits to a fresh runner (bin/payment-hub defaults, embedded broker),
# timed from the history call until the last event is on Kafka; peak RSS (VmHWM) and the GC log of that runner
history_run() { # items [webhook load seconds] -> sets h_ms h_us h_hwm h_gc h_full h_pauses h_wh
  local n=$1 d="$WORK/hist-$1"
  rm -f "$d.env"
  java -cp "$CP" io.paymenthub.bench.HistoryBench $SIMPORT "$d.env" "$n" 127.0.0.1:$KPORT payments.events > "$d.out" 2>&1 &
  local drv=$!
  until [ -s "$d.env" ]; do kill -0 $drv 2>/dev/null || { cat "$d.out" >&2; exit 1; }; sleep 0.1; done
  set -a; . "$d.env"; set +a
  export BANCAMIGA_BASE_URL=http://127.0.0.1:$SIMPORT BANCAMIGA_HISTORY_CRON='0/1 * * * * ?' BANCAMIGA_AFTER_MIDNIGHT_MINUTES=0
  EXTRA_OPTS="-Xlog:gc:file=$d.gc" start_runner "$d"
  unset BANCAMIGA_ACCESS_TOKEN BANCAMIGA_REFRESH_TOKEN BANCAMIGA_BASE_URL BANCAMIGA_HISTORY_CRON BANCAMIGA_AFTER_MIDNIGHT_MINUTES
  local wh=""
  if [ -n "${2:-}" ]; then load 100 "$2" > "$d.wh" & wh=$!; fi
  wait $drv || { cat "$d.out" >&2; tail -30 "$d.log" >&2; exit 1; }
  [ -z "$wh" ] || wait $wh
  h_hwm=$(hwm $PID)
  kill $PID; wait $PID 2>/dev/null || true
  local result; result=$(grep '^RESULT' "$d.out")
  h_ms=$(field "$result" on_kafka_ms); h_us=$(field "$result" us_per_item)
  # G1 lines: "... GC(3) Pause Young (Normal) (G1 Evacuation Pause) 60M->20M(160M) 5.123ms" (a full one: "Pause Full")
  read -r h_pauses h_gc h_full h_longest <<<"$(awk '/Pause/ { t=$NF; sub(/ms$/,"",t); n++; s+=t; if ($0 ~ /Pause Full/ && t+0>f) f=t+0;
    if (t+0>m) m=t+0 } END { printf "%d %d %d %d", n, s, f, m }' "$d.gc")"
  h_wh=$([ -f "$d.wh" ] && cat "$d.wh" || true)
}
echo "6/8 history answers of 10,000, 50,000 and 200,000 credits (a fresh runner each; webhooks at 100/s during the last)…" >&2
history_run 10000;  h10_ms=$h_ms h10_us=$h_us h10_hwm=$h_hwm h10_gc=$h_gc h10_full=$h_full h10_pauses=$h_pauses
history_run 50000;  h50_ms=$h_ms h50_us=$h_us h50_hwm=$h_hwm h50_gc=$h_gc h50_full=$h_full h50_pauses=$h_pauses
history_run 200000 30; h200_ms=$h_ms h200_us=$h_us h200_hwm=$h_hwm h200_gc=$h_gc h200_full=$h_full h200_pauses=$h_pauses h200_wh=$h_wh h200_longest=$h_longest
growth=$(awk -v a="$h10_us" -v b="$h200_us" 'BEGIN { printf "%.2f", b/a }')

echo "7/8 PAGO46: 100,000 pending rows (its test, real routes)…" >&2
mvn -B -q test -Dtest=Pago46ForwardingBenchTest -Dpago46.bench.rows=100000 > "$WORK/pago46-100k.log" 2>&1 || { tail -50 "$WORK/pago46-100k.log" >&2; exit 1; }
pago46_100k_ms=$(sed -E 's/.*forwarded in ([0-9]+) ms.*/\1/' target/pago46-bench-100000.txt)

echo "8/8 the webhook on PostgreSQL beside a PostgreSQL storage floor, 32 connections and 500 requests/s…" >&2
schema="bench_$(date +%s)"
EXTRA_OPTS="-Ddb.user=postgres" start_runner "$WORK/pg" "$PG_URL?currentSchema=$schema"
wrk_run /webhooks/bancamiga >/dev/null
drained
read -r pf_rps pf_p50 pf_p99 pf_err <<<"$(wrk_run /bench/floor/store)"
read -r pw_rps pw_p50 pw_p99 pw_err <<<"$(wrk_run /webhooks/bancamiga)"
drained
pg_open=$(load 500 "$SECONDS_PER_RUN")
kill $PID; wait $PID 2>/dev/null || true
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true

verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { if ((op=="<=" && a+0<=b+0) || (op==">=" && a+0>=b+0)) print "met"; else print "MISSED" }'; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(awk -F: '/model name/ {gsub(/^ +/,"",$2); print $2; exit}' /proc/cpuinfo)
table=$(cat <<TABLE
| figure | measured | floor (same run) | target | verdict |
| --- | --- | --- | --- | --- |
| HTTP floor: constant answer, 32 conns | ${fh_rps} req/s, p50 ${fh_p50} ms, p99 ${fh_p99} ms | — | — | — |
| storage floor: one insert, 32 conns | ${fs_rps} req/s, p50 ${fs_p50} ms, p99 ${fs_p99} ms | — | — | — |
| 1. webhook ack, unique Refpks, 32 conns | ${wh_rps} req/s, p50 ${wh_p50} ms, p99 ${wh_p99} ms, ${wh_err} errors | storage ${fs_rps} req/s | ≥ storage floor | $(verdict "$wh_rps" ">=" "$fs_rps") |
| 1. webhook ack at 500 req/s offered | achieved $(field "$open" achieved) req/s, p50 $(field "$open" p50) ms, p99 $(field "$open" p99) ms, $(field "$open" errors) errors | — | p99 ≤ 50 ms | $(verdict "$(field "$open" p99)" "<=" 50) |
| 2. webhook → Kafka consumer, 200 req/s, 30 s | p50 $(field "$e2e" e2e_p50) ms, p99 $(field "$e2e" e2e_p99) ms, $(field "$e2e" e2e_missing) missing | — | p99 ≤ 250 ms | $(verdict "$(field "$e2e" e2e_p99)" "<=" 250) |
| 3. reconcile: 10,000-item history stored and published (Kafka acknowledged every event) | ${hist_ms} ms (stored after ${hist_stored_ms} ms; read back by a schema-checking consumer after ${hist_read_ms} ms) | — | ≤ 5000 ms | $(verdict "$hist_ms" "<=" 5000) |
| 4. PAGO46: 10,000 pending rows accepted by the simulator | ${pago46_ms} ms | — | ≤ 10000 ms | $(verdict "$pago46_ms" "<=" 10000) |
| 5. launch → ready (health 200, embedded broker included) | ${ready_ms} ms (first start after a build, recording the class-data archive: ${first_ready_ms} ms) | — | ≤ 5000 ms | $(verdict "$ready_ms" "<=" 5000) |
| 5. RSS after start / after the load above | ${rss_start} MiB / ${rss_load} MiB | — | ≤ 400 MiB | $(verdict "$(( rss_start > rss_load ? rss_start : rss_load ))" "<=" 400) |
| 6. history of 10,000 credits → every event on Kafka (bin/payment-hub, fresh runner) | ${h10_ms} ms (${h10_us} µs/item); peak RSS ${h10_hwm} MiB; GC ${h10_gc} ms in ${h10_pauses} pauses, longest full ${h10_full} ms | — | — | — |
| 6. history of 50,000 credits → every event on Kafka | ${h50_ms} ms (${h50_us} µs/item); peak RSS ${h50_hwm} MiB; GC ${h50_gc} ms in ${h50_pauses} pauses, longest full ${h50_full} ms | — | — | — |
| 6. history of 200,000 credits → every event on Kafka | ${h200_ms} ms (${h200_us} µs/item) | — | ≤ 30000 ms | $(verdict "$h200_ms" "<=" 30000) |
| 9. daily reconciliation report of a 200,000-credit day (SQL aggregates, H2 file, 200,000 PAGO46 rows) | ${report_ms} ms | — | — | — |
| 6. … its peak RSS (VmHWM) | ${h200_hwm} MiB | — | < 400 MiB | $(verdict "$h200_hwm" "<=" 399) |
| 6. … its GC (-Xlog:gc) | ${h200_gc} ms in ${h200_pauses} pauses, longest ${h200_longest} ms, longest full ${h200_full} ms | — | no full GC > 200 ms | $(verdict "$h200_full" "<=" 200) |
| 6. … webhook at 100 req/s while it runs | achieved $(field "$h200_wh" achieved) req/s, p50 $(field "$h200_wh" p50) ms, p99 $(field "$h200_wh" p99) ms, $(field "$h200_wh" errors) errors | — | p99 < 100 ms | $(verdict "$(field "$h200_wh" p99)" "<=" 99.99) |
| 6. time per item, 200,000 vs 10,000 | ${growth}× | — | ≤ 1.5× | $(verdict "$growth" "<=" 1.5) |
| 7. PAGO46: 100,000 pending rows accepted by the simulator | ${pago46_100k_ms} ms | — | — | — |
| 8. PostgreSQL storage floor: one insert, 32 conns | ${pf_rps} req/s, p50 ${pf_p50} ms, p99 ${pf_p99} ms | — | — | — |
| 8. webhook on PostgreSQL, 32 conns | ${pw_rps} req/s, p50 ${pw_p50} ms, p99 ${pw_p99} ms, ${pw_err} errors | PG storage ${pf_rps} req/s | ≥ PG storage floor | $(verdict "$pw_rps" ">=" "$pf_rps") |
| 8. webhook on PostgreSQL at 500 req/s offered | achieved $(field "$pg_open" achieved) req/s, p50 $(field "$pg_open" p50) ms, p99 $(field "$pg_open" p99) ms, $(field "$pg_open" errors) errors | — | p99 ≤ 50 ms | $(verdict "$(field "$pg_open" p99)" "<=" 50) |
TABLE
)
echo "$table"
# the hand-written analysis below the table (from its first heading on) is kept from run to run
analysis=$(sed -n '/^## /,$p' bench/RESULTS.md 2>/dev/null || true)
{
  echo "# Benchmark results"
  echo
  echo "Latest run of \`bash bench/run.sh\`: $(date -u +%Y-%m-%dT%H:%MZ), commit ${commit}, $(nproc) cores (${cpu}),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), started with \`bin/payment-hub\` (its documented JVM settings${JVM_FLAGS:+, plus \`$JVM_FLAGS\`}), ${SECONDS_PER_RUN} s per load run."
  echo
  echo "$table"
  echo
  echo "Latencies of the fixed-rate runs are measured from the moment each request was due, so queueing shows."
  echo "Reconcile (3) and PAGO46 figures come from their volume tests in the same run (H2 file, real Kafka broker, simulator on loopback)."
  echo "History volumes (6) run the packaged runner with \`bin/payment-hub\` defaults (160 MiB heap, G1, embedded broker) against the"
  echo "Bancamiga simulator in a process of its own, a fresh runner and data directory for each size; GC figures are the whole"
  echo "process's (start included), from -Xlog:gc. Phase 8 runs a runner on PostgreSQL 127.0.0.1:5432 (a fresh schema)."
  if [ -n "$analysis" ]; then echo; echo "$analysis"; fi
} > bench/RESULTS.md
echo "written to bench/RESULTS.md" >&2
