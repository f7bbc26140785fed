#!/usr/bin/env bash
# Runs the benchmark scenarios of docs/BENCHMARKS.md, each RUNS times (default 3), against a
# fresh Release build of the gateway, and prints the medians. The runs take turns (flood, flood2,
# chat, ..., then the second round), so a change in the machine's load falls on every scenario
# alike. Every run's JSON line is kept in bench/results/<time>.jsonl. Usage:
#   bench/run-scenarios.sh                     # all five (flood2 only if redis-server is installed), 3 runs each
#   RUNS=5 bench/run-scenarios.sh flood flood2 # some scenarios, more runs
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
if ((${#scenarios[@]} == 0)); then
  scenarios=(flood chat idle mixed)
  # The two-node flood starts a redis-server of its own (about a minute for 3 runs).
  if command -v redis-server >/dev/null; then
    scenarios=(flood flood2 chat idle mixed)
  else
    echo "redis-server not found: the two-node scenario flood2 is left out" >&2
  fi
fi

# Thousands of sockets on each side of loopback: the generator and the gateway it starts need descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dotnet build WebTcpChat.sln --configuration Release --nologo -v quiet >/dev/null
bench=bench/WebTcpChat.Bench/bin/Release/net10.0/WebTcpChat.Bench.dll
mkdir -p bench/results
results="bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -r); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 1; run <= runs; run++)); do
  for scenario in "${scenarios[@]}"; do
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
# A scenario run on several nodes (flood2, or any with --nodes) is its own group.
label = lambda row: row["scenario"] + (f" on {row['nodes']} nodes, {row['layout']}" if row.get("nodes", 1) > 1 else "")
by = {}
for row in rows:
    by.setdefault(label(row), []).append(row)
med = lambda values: statistics.median(values) if values else float("nan")
print(f"\nMedians of {sys.argv[1]}:")
for scenario, runs in by.items():
    print(f"\n{scenario} ({len(runs)} runs; load average before each: {', '.join(str(r['loadAverageBefore']) for r in runs)})")
    per_run = ", ".join(f"{r['deliveriesPerSecond']:,.0f}" for r in runs)
    print(f"  runs: deliveries/s {per_run}")
    print(f"  deliveries/s {med([r['deliveriesPerSecond'] for r in runs]):,.0f}   completeness {med([r['completeness'] for r in runs]):.6f}"
          f"   order errors {max(r['orderErrors'] for r in runs)}   clients lost {max(r['clientsLost'] for r in runs)} (worst run)")
    print(f"  server RSS {med([r['serverRssMb'] for r in runs]):.0f} MB at end, {med([r['serverPeakRssInRunMb'] for r in runs]):.0f} MB peak while sending;"
          f" server CPU {med([r['serverCpuPercent'] for r in runs]):.0f} % of a core ({med([r['serverCpuNsPerDelivery'] for r in runs]):.0f} ns/delivery);"
          f" generator CPU {med([r['generatorCpuPercent'] for r in runs]):.0f} %")
    if runs[0].get("byNode"):
        for i, node in enumerate(runs[0]["byNode"]):
            got = [r["byNode"][i] for r in runs]
            print(f"  node {node['node']}: {node['clients']} clients ({node['senders']} senders), completeness {med([n['completeness'] for n in got]):.6f},"
                  f" RSS {med([n['rssMb'] for n in got]):.0f} MB at end, {med([n['peakRssInRunMb'] for n in got]):.0f} MB peak while sending,"
                  f" CPU {med([n['cpuPercent'] for n in got]):.0f} % of a core")
    if runs[0].get("redis"):
        got = [r["redis"] for r in runs]
        print(f"  redis: CPU {med([g['cpuPercent'] for g in got]):.0f} % of a core, RSS {med([g['rssMb'] for g in got]):.0f} MB at end (-1: a given Redis, not measured)")
    for path in ["tcpToTcp", "tcpToWeb", "webToTcp", "webToWeb"]:
        got = [r["paths"][path] for r in runs if path in r["paths"]]
        if got:
            print(f"  {path:9} p50 {med([p['p50Ms'] for p in got]):8.2f} ms   p99 {med([p['p99Ms'] for p in got]):8.2f} ms"
                  f"   max {med([p['maxMs'] for p in got]):8.2f} ms   completeness {med([p['completeness'] for p in got]):.6f}")
# Several nodes beside one (issue 9's target: at least half the one-node fan-out rate).
for scenario, runs in by.items():
    if runs[0].get("nodes", 1) > 1:
        alone = by.get({"flood2": "flood"}.get(runs[0]["scenario"], runs[0]["scenario"]))
        if alone:
            several, one = med([r["deliveriesPerSecond"] for r in runs]), med([r["deliveriesPerSecond"] for r in alone])
            print(f"\n{scenario}: {several:,.0f} deliveries/s = {several / one:.2f} x one node's {one:,.0f} (target >= 0.50)")
PY
