#!/usr/bin/env python3
"""The M/M/5 reference queue (lambda = 4.5, mu = 1) in SimPy, the peer of `spares bench-kernel`.

Written as SimPy users write it: a generator process creates customers, each customer process
requests one of five servers from a Resource, holds it for an exponential service time and
releases it. Prints one JSON object: customers per second (median of the runs), the model-event
rate counted as Spares counts them (two events per customer: arrival and departure), and the mean
wait, which must be near Erlang C's 1.52499.
"""
import argparse
import json
import random
import statistics
import time

import simpy


def run(customers: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=5)
    waits = []

    def customer(env):
        arrived = env.now
        with servers.request() as request:
            yield request
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1.0))

    def source(env):
        for _ in range(customers):
            yield env.timeout(rng.expovariate(4.5))
            env.process(customer(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - start
    return elapsed, sum(waits) / len(waits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates, waits = [], []
    for i in range(args.runs):
        elapsed, wait = run(args.customers, seed=i + 1)
        rates.append(args.customers / elapsed)
        waits.append(wait)
    rate = statistics.median(rates)
    print(json.dumps({
        "peer": f"SimPy {simpy.__version__}",
        "customers": args.customers,
        "runs": args.runs,
        "customers_per_second_median": rate,
        "model_events_per_second_median": 2 * rate,
        "mean_wait": statistics.mean(waits),
    }))


if __name__ == "__main__":
    main()
