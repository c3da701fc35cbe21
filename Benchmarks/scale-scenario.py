#!/usr/bin/env python3
"""Writes scaled copies of a bundled scenario for the scale benchmarks (Benchmarks/RESULTS.md, "Scale").

    python3 Benchmarks/scale-scenario.py --part-copies K [--from Models/datacenter-emea] OUT
        every part copied K times (P, P~2, ..., P~K), each copy on the same BOM positions with the
        same quantity and life, and the policy's CSV levels copied with them: K times the parts and
        the demand at the same locations, each copy with the original part's demand.
    python3 Benchmarks/scale-scenario.py --unit-scale K [--from Models/datacenter-emea] OUT
        every installed-base count and technician headcount multiplied by K.

Deterministic (no randomness); the scenario.yaml is copied as written, so the copies keep the
original's locations, lanes, contracts, policies and risks.
"""
import argparse
import csv
import io
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
            col = rows[0].index("part")
            write(os.path.join(dst, name), [rows[0]] + [row[:col] + [c] + row[col + 1:] for row in rows[1:] for c in copies(row[col], k)])


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
    args = parser.parse_args()
    k = args.part_copies or args.unit_scale
    if k < 1:
        parser.error("the factor must be at least 1")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    shutil.copytree(args.source, args.out)
    if args.part_copies:
        part_copies(args.source, args.out, k)
    else:
        unit_scale(args.source, args.out, k)


if __name__ == "__main__":
    main()
