#!/usr/bin/env bash
# Kernel benchmark, Spares beside SimPy in one invocation, on the M/M/5 reference queue of
# ORACLES.md O3; the service-chain model beside SimPy on single-location base stock (O1); one
# replication of datacenter-emea; then package-benchmark's time and allocation figures (skip with
# --no-allocations).
#
# The ratio compares customers served per second of wall time: the same model and the same work
# on both sides, whatever each framework calls an event. Spares' events/s counts its two kernel
# events per customer (arrival, departure).
set -euo pipefail
cd "$(dirname "$0")/.."

customers=${SPARES_BENCH_CUSTOMERS:-1000000}
peer_customers=${SPARES_BENCH_PEER_CUSTOMERS:-200000}

swift build -c release --product spares >/dev/null
if ! python3 -c "import simpy" 2>/dev/null; then
  python3 -m pip install --quiet "simpy==4.1.2"
fi

echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
spares=$(.build/release/spares bench-kernel --customers "$customers" --runs 5 --json)
simpy=$(python3 Benchmarks/peers/mm5_simpy.py --customers "$peer_customers" --runs 3)

python3 - "$spares" "$simpy" <<'PY'
import json, sys
s, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
spares_customers = s["events_per_second_median"] / 2
ratio = spares_customers / p["customers_per_second_median"]
print(f"{'':28}{'Spares':>16}{p['peer']:>16}")
print(f"{'customers per run':28}{s['customers']:>16,}{p['customers']:>16,}")
print(f"{'customers/s (median)':28}{spares_customers:>16,.0f}{p['customers_per_second_median']:>16,.0f}")
print(f"{'model events/s (median)':28}{s['events_per_second_median']:>16,.0f}{p['model_events_per_second_median']:>16,.0f}")
print(f"{'mean wait (Erlang C 1.52499)':28}{s['mean_wait_last_run']:>16.4f}{p['mean_wait']:>16.4f}")
print(f"ratio Spares / SimPy: {ratio:.0f}x")
PY

# Service chain: single-location base stock (ORACLES.md O1) through Spares' full model beside the
# same model in SimPy, compared as demands served per second of wall time.
echo
spares=$(.build/release/spares bench-replication Benchmarks/peers/base-stock --runs 5 --json)
simpy=$(python3 Benchmarks/peers/base_stock_simpy.py --demands 200000 --runs 3)
python3 - "$spares" "$simpy" <<'PY'
import json, sys
s, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
spares_rate = s["failures_last_run"] / s["replication_seconds_median"]
print(f"{'single-location base stock':28}{'Spares':>16}{p['peer']:>16}")
print(f"{'demands per run':28}{s['failures_last_run']:>16,}{p['demands']:>16,}")
print(f"{'demands/s (median)':28}{spares_rate:>16,.0f}{p['demands_per_second_median']:>16,.0f}")
print(f"ratio Spares / SimPy: {spares_rate / p['demands_per_second_median']:.1f}x "
      f"(SimPy fill {p['fill_rate']:.4f}, EBO {p['expected_backorders']:.4f}; Palm 0.406006, 0.541341)")
PY

# One replication of the largest bundled scenario: setup and event loop apart, peak memory.
echo
.build/release/spares bench-replication Models/datacenter-emea --policy fill-95-laterals --runs 7

if [ "${1:-}" != "--no-allocations" ]; then
  # One run of the suite, stored as the baseline 'current' (in .benchmarkBaselines/, not committed);
  # then its time and allocation table, and its allocation counts against the committed thresholds
  # in Benchmarks/Thresholds/ (non-zero exit when an allocation creeps in). Neither reruns it.
  cd Benchmarks
  bench() { swift package --allow-writing-to-package-directory benchmark "$@" --no-progress; }
  bench baseline update current
  bench baseline read current
  bench thresholds check current --metric mallocCountTotal
fi
