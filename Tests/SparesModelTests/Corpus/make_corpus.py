#!/usr/bin/env python3
"""Writes the broken-scenario corpus: each case is base.yaml with one rule broken.

Run from this folder: python3 make_corpus.py. The expected diagnostics (broken/NAME.expected) are
written by hand after review, not by this script: they are the specification each case checks.
"""
import os

BASE = open("base.yaml").read()

# name: (what the case breaks, [(old, new), ...], {extra file: text})
CASES = {
    "yaml-syntax": ("YAML syntax", [("  - {id: road}\n", "  - {id: road\n")], {}),
    "unknown-key": ("unknown key with a suggestion", [("id: FSL-A, echelon: fsl", "id: FSL-A, echelom: fsl")], {}),
    "missing-required": ("missing required field", [("{id: PSU, cost: 400, ", "{id: PSU, ")], {}),
    "wrong-type": ("wrong type", [("headcount: 2", "headcount: two")], {}),
    "non-positive-time": ("non-positive time", [("mtbf: 50000h", "mtbf: 0h")], {}),
    "non-positive-rate": ("non-positive rate", [("failure: {mtbf: 50000h}", "failure: {per_year: 0}")], {}),
    "probability-range": ("probability outside [0, 1]", [("condemnation: 5%", "condemnation: 1.5")], {}),
    "nan": ("NaN", [("cost: 900", "cost: .nan")], {}),
    "infinity": ("infinity", [("lat: 52.0,", "lat: .inf,")], {}),
    "unknown-id": ("unknown id with a suggestion", [("supplier: SUP}", "supplier: SUPP}")], {}),
    "duplicate-id": ("duplicate id", [("  - {id: road}\n", "  - {id: road}\n  - {id: road}\n")], {}),
    "cycle": ("cycle in the replenishment network", [
        ("{id: CDC, echelon: central, lat: 52.1, lon: 5.1, utc_offset: 1}",
         "{id: CDC, echelon: central, lat: 52.1, lon: 5.1, utc_offset: 1, source: FSL-A}"),
        ("  - {from: REP, to: CDC,", "  - {from: FSL-A, to: CDC, mode: road, transit: 1d}\n  - {from: REP, to: CDC,"),
    ], {}),
    "site-without-serving": ("site with no serving location", [("serving: [FSL-A], units: {SRV: 5}}", "serving: [], units: {SRV: 5}}")], {}),
    "unstocked-part": ("part no location stocks and no supplier provides", [
        (", supplier: SUP}", "}"), ("{location: FSL-A, part: PSU, level: 1}, ", ""),
    ], {}),
    "overlapping-windows": ("overlapping time windows", [(
        'shifts: {days: mon-fri, from: "08:00", to: "18:00"}',
        'shifts: [{days: mon-fri, from: "08:00", to: "18:00"}, {days: fri-sat, from: "16:00", to: "22:00"}]')], {}),
    "malformed-window": ("malformed time window", [('weights: [{days: mon-fri, from: "08:00", to: "18:00", weight: 3}]',
                                                    'weights: [{days: mon-fry, from: "8am", to: "18:00", weight: 3}]')], {}),
    "cutoff-outside-day": ("cutoff outside a day", [('cutoff: "17:00"', 'cutoff: "25:00"')], {}),
    "version-newer": ("newer format version", [("version: 1\n", "version: 2\n")], {}),
    "version-missing": ("no version key", [("version: 1\n", "")], {}),
    "unknown-distribution": ("unknown distribution", [("dist: lognormal", "dist: lognormall")], {}),
    "distribution-parameter": ("invalid distribution parameter", [("shape: 1.5", "shape: -1.5")], {}),
    "no-lane-to-site": ("serving location without a lane to the site", [("max_km: 200", "max_km: 1")], {}),
    "credit-tiers": ("credit tiers out of order", [("{below: 99%, share: 20%}", "{below: 99%, share: 2%}")], {}),
    "clock-cutoff": ("next-business-day clock without its cutoff", [
        ("clock: 24x7, target: 4h", 'clock: next_business_day, due: "17:00"')], {}),
    "level-for-kind": ("stock level keys that do not fit the replenishment kind", [
        ("  - id: base\n", "  - id: base\n    replenishment: {fsl: s_S}\n")], {}),
    "unknown-skill": ("skill no technician pool has", [("skill: server", "skill: storage")], {}),
    "weekday-mismatch": ("start weekday that is not the date's", [("start: 2027-01-04}", "start: 2027-01-04, weekday: tue}")], {}),
    "repair-on-consumable": ("repair loop on a consumable", [
        ("type: consumable, supplier: SUP}", "type: consumable, supplier: SUP, repair: {vendor: REP}}")], {}),
    "csv-missing": ("CSV file that does not exist", [("  - {id: road}\n", "  {csv: modes-missing.csv}\n"), ("modes:\n", "modes:\n")], {}),
    "csv-unknown-column": ("unknown CSV column with a suggestion", [(
        "sites:\n  - {id: S1, lat: 52.37, lon: 4.90, utc_offset: 1, contract: GOLD, serving: [FSL-A, CDC], units: {SRV: 10}}\n"
        "  - {id: S2, lat: 52.0, lon: 4.5, utc_offset: 1, contract: GOLD, serving: [FSL-A], units: {SRV: 5}}\n",
        "sites: {csv: csv-unknown-column.csv}\n")], {
        "csv-unknown-column.csv": "id,lat,lon,utc_offset,contrct,serving\nS1,52.37,4.90,1,GOLD,FSL-A;CDC\nS2,52.0,4.5,1,GOLD,FSL-A\n"}),
    "csv-bad-cells": ("bad CSV values: field count, number, NaN, located in the CSV", [(
        "sites:\n  - {id: S1, lat: 52.37, lon: 4.90, utc_offset: 1, contract: GOLD, serving: [FSL-A, CDC], units: {SRV: 10}}\n"
        "  - {id: S2, lat: 52.0, lon: 4.5, utc_offset: 1, contract: GOLD, serving: [FSL-A], units: {SRV: 5}}\n",
        "sites: {csv: csv-bad-cells.csv}\n")], {
        "csv-bad-cells.csv": 'id,lat,lon,utc_offset,contract,serving,units\nS1,52.37,north,1,GOLD,"[FSL-A, CDC]",{SRV: 10}\n'
                             'S2,nan,4.5,1,GOLD,FSL-A,{SRV: 5}\nS3,52.1,4.6,1,GOLD\n'}),
}

WARNINGS = {
    "warn-idle-depot": ("depot that serves nothing (warning only; loads)", [(
        "  - {id: REP,", "  - {id: FSL-B, echelon: fsl, lat: 51.9, lon: 4.4, utc_offset: 1, source: CDC}\n  - {id: REP,"),
        ("  - {from: REP, to: CDC,", "  - {from: CDC, to: FSL-B, mode: road, transit: 1d}\n  - {from: REP, to: CDC,")], {}),
}

os.makedirs("broken", exist_ok=True)
for name, (what, edits, extra) in {**CASES, **WARNINGS}.items():
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    with open(f"broken/{name}.yaml", "w") as f:
        f.write(f"# Breaks: {what}.\n" + text)
    for file, body in extra.items():
        with open(f"broken/{file}", "w") as f:
            f.write(body)
