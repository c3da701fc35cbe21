#!/usr/bin/env python3
"""Single-location base stock (S-1, S) in SimPy, the peer of Spares' full model on the same case.

ORACLES.md O1: Poisson demand of 0.5 per hour, exponential replenishment lead time of mean 4 h
(m = 2), base stock S = 2. Written as SimPy users write it: a Container holds the shelf, each
demand is a process that orders one unit (a replenishment process that waits the lead time and
puts it back) and gets one unit from the shelf, waiting first in, first out when it is empty.

Prints one JSON object: demands per second of wall time (median of the runs), and the fill rate and
expected backorders, which must be near Palm's 0.406006 and 0.541341.
"""
import argparse
import json
import random
import statistics
import time

import simpy

RATE = 0.5
LEAD_TIME = 4.0
LEVEL = 2


def run(demands: int, seed: int) -> tuple[float, float, float]:
    rng = random.Random(seed)
    env = simpy.Environment()
    shelf = simpy.Container(env, init=LEVEL)
    filled = 0
    waited = 0.0

    def replenish(env):
        yield env.timeout(rng.expovariate(1 / LEAD_TIME))
        yield shelf.put(1)

    def demand(env):
        nonlocal filled, waited
        arrived = env.now
        env.process(replenish(env))
        yield shelf.get(1)
        if env.now == arrived:
            filled += 1
        waited += env.now - arrived

    def source(env):
        for _ in range(demands):
            yield env.timeout(rng.expovariate(RATE))
            env.process(demand(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - start
    # Little's law: time-average backorders = total waiting time / elapsed simulated time.
    return elapsed, filled / demands, waited / env.now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates, fills, ebos = [], [], []
    for i in range(args.runs):
        elapsed, fill, ebo = run(args.demands, seed=i + 1)
        rates.append(args.demands / elapsed)
        fills.append(fill)
        ebos.append(ebo)
    print(json.dumps({
        "peer": f"SimPy {simpy.__version__}",
        "demands": args.demands,
        "runs": args.runs,
        "demands_per_second_median": statistics.median(rates),
        "fill_rate": statistics.mean(fills),
        "expected_backorders": statistics.mean(ebos),
    }))


if __name__ == "__main__":
    main()
