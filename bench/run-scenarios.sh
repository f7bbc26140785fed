#!/usr/bin/env bash
# Runs the four benchmark scenarios of docs/BENCHMARKS.md, each RUNS times (default 3), against a
# fresh Release build of the gateway, and prints the medians. Every run's JSON line is kept in
# bench/results/<time>.jsonl. Usage:
#   bench/run-scenarios.sh                     # all four, 3 runs each
#   RUNS=5 bench/run-scenarios.sh flood chat   # some scenarios, more runs
#   bench/run-scenarios.sh mixed -- --rate 20  # options after -- go to every run
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
scenarios=()
extra=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  scenarios+=("$1"); shift
done
((${#scenarios[@]})) || scenarios=(flood chat idle mixed)

# Thousands of sockets on each side of loopback: the generator and the gateway it starts need descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dotnet build WebTcpChat.sln --configuration Release --nologo -v quiet >/dev/null
bench=bench/WebTcpChat.Bench/bin/Release/net10.0/WebTcpChat.Bench.dll
mkdir -p bench/results
results="bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in "${scenarios[@]}"; do
  for ((run = 1; run <= runs; run++)); do
    echo "== $scenario, run $run of $runs" >&2
    if line=$(dotnet "$bench" --scenario "$scenario" "${extra[@]}" --json 2> >(sed 's/^/   /' >&2) | tail -n 1); then
      echo "$line" >>"$results"
    else
      echo "   run failed" >&2
    fi
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by = {}
for row in rows:
    by.setdefault(row["scenario"], []).append(row)
med = lambda values: statistics.median(values) if values else float("nan")
print(f"\nMedians of {sys.argv[1]}:")
for scenario, runs in by.items():
    print(f"\n{scenario} ({len(runs)} runs; load average before each: {', '.join(str(r['loadAverageBefore']) for r in runs)})")
    print(f"  deliveries/s {med([r['deliveriesPerSecond'] for r in runs]):,.0f}   completeness {med([r['completeness'] for r in runs]):.6f}"
          f"   order errors {max(r['orderErrors'] for r in runs)}   clients lost {max(r['clientsLost'] for r in runs)} (worst run)")
    print(f"  server RSS {med([r['serverRssMb'] for r in runs]):.0f} MB at end, {med([r['serverPeakRssInRunMb'] for r in runs]):.0f} MB peak while sending;"
          f" server CPU {med([r['serverCpuPercent'] for r in runs]):.0f} % of a core ({med([r['serverCpuNsPerDelivery'] for r in runs]):.0f} ns/delivery);"
          f" generator CPU {med([r['generatorCpuPercent'] for r in runs]):.0f} %")
    for path in ["tcpToTcp", "tcpToWeb", "webToTcp", "webToWeb"]:
        got = [r["paths"][path] for r in runs if path in r["paths"]]
        if got:
            print(f"  {path:9} p50 {med([p['p50Ms'] for p in got]):8.2f} ms   p99 {med([p['p99Ms'] for p in got]):8.2f} ms"
                  f"   max {med([p['maxMs'] for p in got]):8.2f} ms   completeness {med([p['completeness'] for p in got]):.6f}")
PY
