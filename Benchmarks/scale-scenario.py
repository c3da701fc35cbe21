#!/usr/bin/env python3
"""Writes scaled copies of a bundled scenario for the scale benchmarks (Benchmarks/RESULTS.md, "Scale").

    python3 Benchmarks/scale-scenario.py --part-copies K [--from Models/datacenter-emea] OUT
        every part copied K times (P, P~2, ..., P~K), each copy on the same BOM positions with the
        same quantity and life, and the policy's CSV levels copied with them while they stay within
        the 2,000,000-row table limit (beyond, the copies have no level in that policy): K times the
        parts and the demand at the same locations, each copy with the original part's demand.
    python3 Benchmarks/scale-scenario.py --part-copies K --spread [--from Models/datacenter-emea] OUT
        the same parts copied K times, but each equipment type too (E, E~2, ..., E~K, copy k holding
        the k-th copies of its parts) and each installed-base row given to one copy in turn: K times
        the parts and the same installed base, each copy with about 1/K of the original's demand
        (a large catalogue of slow movers). Policy levels are not copied.
    python3 Benchmarks/scale-scenario.py --unit-scale K [--from Models/datacenter-emea] OUT
        every installed-base count and technician headcount multiplied by K.
    python3 Benchmarks/scale-scenario.py --synthetic-parts N [--from Models/datacenter-emea] OUT
        the network, sites, lanes, technicians, contracts and policies kept, the catalogue replaced
        by N parts (ids PSU-, DIMM-, SSD-, ... so the scenario's part globs still match) on N / 10
        equipment types of 10 parts each (quantity 1 to 4, exponential lives of 100,000 to 400,000 h),
        each type installed at 3 sites (1 to 20 units): a large catalogue of slow movers. Seeded.
        The CSV policy levels are emptied. With --locations L, FSLs are added (copies of the
        scenario's FSLs in turn, 5 km apart, same hub; lanes come from the lane rules) until the
        network has L locations, and each original FSL's sites are shared out between it and its
        copies in turn.
    python3 Benchmarks/scale-scenario.py --sites N [--from Models/datacenter-emea] OUT
        N sites, copies of the scenario's in turn (same place, contract and serving locations), each
        with the first 9 installed-base rows of its original at one unit each (so 200,000 sites stay
        within the 2,000,000-row table limit and one replication's state). For the loading benchmark.

Deterministic (no randomness); the scenario.yaml is copied as written, so the copies keep the
original's locations, lanes, contracts, policies and risks.
"""
import argparse
import csv
import io
import math
import os
import shutil


def read(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def write(path, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    with open(path, "w") as f:
        f.write(out.getvalue())


def copies(part, k):
    return [part] + [f"{part}~{i}" for i in range(2, k + 1)]


def part_copies(src, dst, k):
    parts = read(os.path.join(src, "parts.csv"))
    write(os.path.join(dst, "parts.csv"), [parts[0]] + [[c] + row[1:] for row in parts[1:] for c in copies(row[0], k)])
    bom = read(os.path.join(src, "bom.csv"))
    col = bom[0].index("part")
    write(os.path.join(dst, "bom.csv"),
          [bom[0]] + [row[:col] + [c] + row[col + 1:] for row in bom[1:] for c in copies(row[col], k)])
    for name in os.listdir(src):
        if name.startswith("policy-") and name.endswith(".csv"):
            rows = read(os.path.join(src, name))
            if (len(rows) - 1) * k > 2_000_000:
                continue
            col = rows[0].index("part")
            write(os.path.join(dst, name), [rows[0]] + [row[:col] + [c] + row[col + 1:] for row in rows[1:] for c in copies(row[col], k)])


def spread_copies(src, dst, k):
    parts = read(os.path.join(src, "parts.csv"))
    write(os.path.join(dst, "parts.csv"), [parts[0]] + [[c] + row[1:] for row in parts[1:] for c in copies(row[0], k)])
    equipment = read(os.path.join(src, "equipment.csv"))
    write(os.path.join(dst, "equipment.csv"), [equipment[0]] + [[c] + row[1:] for row in equipment[1:] for c in copies(row[0], k)])
    bom = read(os.path.join(src, "bom.csv"))
    e, p = bom[0].index("equipment"), bom[0].index("part")
    rows = []
    for row in bom[1:]:
        for i, (ec, pc) in enumerate(zip(copies(row[e], k), copies(row[p], k))):
            r = list(row)
            r[e], r[p] = ec, pc
            rows.append(r)
    write(os.path.join(dst, "bom.csv"), [bom[0]] + rows)
    base = read(os.path.join(src, "installed_base.csv"))
    col = base[0].index("equipment")
    write(os.path.join(dst, "installed_base.csv"),
          [base[0]] + [row[:col] + [copies(row[col], k)[i % k]] + row[col + 1:] for i, row in enumerate(base[1:])])


def synthetic_parts(src, dst, n):
    import random
    rng = random.Random(20261202)
    prefixes = ["PSU", "DIMM", "SSD", "FAN", "MB", "CTRL", "OPTIC", "LC", "SUP", "HDD"]
    skills = ["compute", "storage", "network"]
    parts = read(os.path.join(src, "parts.csv"))
    header = parts[0]
    rows = []
    for i in range(n):
        row = [""] * len(header)
        row[header.index("id")] = f"{prefixes[i % len(prefixes)]}-{i:06d}"
        row[header.index("name")] = "synthetic part"
        row[header.index("cost")] = str(round(math.exp(rng.uniform(math.log(40), math.log(9000)))))
        row[header.index("holding_rate")] = "22%"
        row[header.index("type")] = "consumable"
        row[header.index("supplier")] = "OEM-COMPUTE"
        rows.append(row)
    write(os.path.join(dst, "parts.csv"), [header] + rows)
    equipment = read(os.path.join(src, "equipment.csv"))
    template = equipment[1]
    types = max(1, n // 10)
    eq_rows = []
    for e in range(types):
        row = list(template)
        row[0], row[1] = f"EQ-{e:05d}", "synthetic equipment"
        row[equipment[0].index("skill")] = skills[e % 3]
        eq_rows.append(row)
    write(os.path.join(dst, "equipment.csv"), [equipment[0]] + eq_rows)
    bom = read(os.path.join(src, "bom.csv"))
    bh = bom[0]
    bom_rows = []
    for i in range(n):
        row = [""] * len(bh)
        row[bh.index("equipment")] = f"EQ-{min(i // 10, types - 1):05d}"
        row[bh.index("part")] = rows[i][0]
        row[bh.index("quantity")] = str(rng.randint(1, 4))
        row[bh.index("failure.mtbf")] = f"{rng.randint(100, 400) * 1000}h"
        bom_rows.append(row)
    write(os.path.join(dst, "bom.csv"), [bh] + bom_rows)
    sites = [r[0] for r in read(os.path.join(src, "sites.csv"))[1:]]
    base = [["site", "equipment", "count"]]
    for e in range(types):
        for site in rng.sample(sites, 3):
            base.append([site, f"EQ-{e:05d}", str(rng.randint(1, 20))])
    write(os.path.join(dst, "installed_base.csv"), base)
    for name in os.listdir(src):
        if name.startswith("policy-") and name.endswith(".csv"):
            write(os.path.join(dst, name), [read(os.path.join(src, name))[0]])


def more_locations(src, dst, total):
    locations = read(os.path.join(src, "locations.csv"))
    header = locations[0]
    fsls = [r for r in locations[1:] if r[header.index("echelon")] == "fsl"]
    added, copies_of = [], {r[0]: [r[0]] for r in fsls}
    lat = header.index("lat")
    j = 0
    while len(locations) - 1 + len(added) < total:
        template = fsls[j % len(fsls)]
        k = j // len(fsls) + 2
        row = list(template)
        row[0], row[1] = f"{template[0]}~{k}", f"{template[1]} {k}"
        row[lat] = f"{float(template[lat]) + 0.045 * (k - 1):.4f}"
        added.append(row)
        copies_of[template[0]].append(row[0])
        j += 1
    write(os.path.join(dst, "locations.csv"), locations + added)
    sites = read(os.path.join(dst, "sites.csv"))
    serving = sites[0].index("serving")
    turn = {}
    for row in sites[1:]:
        chain = row[serving].split(";")
        if chain[0] in copies_of:
            n = turn.get(chain[0], 0)
            turn[chain[0]] = n + 1
            chain[0] = copies_of[chain[0]][n % len(copies_of[chain[0]])]
            row[serving] = ";".join(chain)
    write(os.path.join(dst, "sites.csv"), sites)


def many_sites(src, dst, n):
    sites = read(os.path.join(src, "sites.csv"))
    base = read(os.path.join(src, "installed_base.csv"))
    rows_of = {}
    for row in base[1:]:
        rows_of.setdefault(row[0], []).append(row)
    originals = sites[1:]
    site_rows, base_rows = [], []
    for i in range(n):
        template = originals[i % len(originals)]
        sid = template[0] if i < len(originals) else f"{template[0]}~{i // len(originals) + 1}"
        site_rows.append([sid] + template[1:])
        for row in rows_of.get(template[0], [])[:9]:
            base_rows.append([sid, row[1], "1"])
    write(os.path.join(dst, "sites.csv"), [sites[0]] + site_rows)
    write(os.path.join(dst, "installed_base.csv"), [base[0]] + base_rows)


def unit_scale(src, dst, k):
    base = read(os.path.join(src, "installed_base.csv"))
    col = base[0].index("count")
    write(os.path.join(dst, "installed_base.csv"), [base[0]] + [row[:col] + [str(int(row[col]) * k)] + row[col + 1:] for row in base[1:]])
    techs = read(os.path.join(src, "technicians.csv"))
    col = techs[0].index("headcount")
    write(os.path.join(dst, "technicians.csv"), [techs[0]] + [row[:col] + [str(int(row[col]) * k)] + row[col + 1:] for row in techs[1:]])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--from", dest="source", default=os.path.join(here, "..", "Models", "datacenter-emea"))
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--part-copies", type=int)
    group.add_argument("--unit-scale", type=int)
    group.add_argument("--synthetic-parts", type=int)
    group.add_argument("--sites", type=int)
    parser.add_argument("--spread", action="store_true", help="with --part-copies: copy equipment too and share the installed base out")
    parser.add_argument("--locations", type=int, help="with --synthetic-parts: add FSLs until the network has this many locations")
    args = parser.parse_args()
    if args.spread and not args.part_copies:
        parser.error("--spread goes with --part-copies")
    if args.locations and not args.synthetic_parts:
        parser.error("--locations goes with --synthetic-parts")
    k = args.part_copies or args.unit_scale or args.synthetic_parts or args.sites
    if k < 1:
        parser.error("the factor must be at least 1")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    shutil.copytree(args.source, args.out)
    if args.part_copies and args.spread:
        spread_copies(args.source, args.out, k)
    elif args.part_copies:
        part_copies(args.source, args.out, k)
    elif args.synthetic_parts:
        synthetic_parts(args.source, args.out, k)
        if args.locations:
            more_locations(args.source, args.out, args.locations)
    elif args.sites:
        many_sites(args.source, args.out, k)
    else:
        unit_scale(args.source, args.out, k)


if __name__ == "__main__":
    main()
