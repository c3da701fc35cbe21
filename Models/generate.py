#!/usr/bin/env python3
"""Generates the CSV tables of the bundled scenarios datacenter-emea,
medtech-imaging and telecom-field (their scenario.yaml files are written by hand).

Seeded and deterministic: `python3 Models/generate.py` rewrites the same bytes. The generated files
are committed, so runs need no generation step. Assumptions behind every figure are in
Models/README.md. `minimal` is written by hand.
"""
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def csv(path, header, rows):
    def cell(v):
        s = str(v)
        return '"' + s.replace('"', '""') + '"' if ("," in s or '"' in s) else s
    write(path, ",".join(header) + "\n" + "".join(",".join(cell(v) for v in r) + "\n" for r in rows))


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def scatter(rng, centre, radius_km):
    """A point within radius_km of centre, uniform over the disc."""
    r = radius_km * math.sqrt(rng.random())
    t = rng.random() * 2 * math.pi
    lat = centre[0] + (r * math.cos(t)) / 111.0
    lon = centre[1] + (r * math.sin(t)) / (111.0 * math.cos(math.radians(centre[0])))
    return round(lat, 4), round(lon, 4)


def assign_bom(classes, by_fam, models, wearout):
    """Bills of materials for `models` generations of each equipment class: each family's parts are
    dealt round-robin over the models that use the family, so that every part sits in some BOM.
    wearout(part) gives a Weibull shape above 1 for wear-out parts, else None (exponential)."""
    counters = {fam: 0 for fam in by_fam}
    types, bom = [], []
    for cls, skill, spec in classes:
        for g in range(models):
            eid = f"{cls}-{chr(ord('A') + g)}" if models > 1 else cls
            types.append((eid, cls, skill))
            for fam, distinct, qty in spec:
                for _ in range(distinct):
                    p = by_fam[fam][counters[fam] % len(by_fam[fam])]
                    counters[fam] += 1
                    if any(b[0] == eid and b[1] == p["id"] for b in bom):
                        continue
                    shape = wearout(p)
                    if shape:
                        scale = p["mtbf"] / math.gamma(1 + 1 / shape)
                        bom.append((eid, p["id"], qty, "", "weibull", shape, f"{int(scale)}h"))
                    else:
                        bom.append((eid, p["id"], qty, f"{p['mtbf']}h", "", "", ""))
    return types, bom


def money(x):
    return int(round(x, -1)) if x >= 100 else round(x, 2)


# --------------------------------------------------------------------------------------------------
# datacenter-emea
# --------------------------------------------------------------------------------------------------
def datacenter_emea():
    rng = random.Random(20270104)
    fsls = [  # id, city lat, lon, utc offset, hub
        ("FSL-AMS", 52.37, 4.90, 1), ("FSL-BRU", 50.85, 4.35, 1), ("FSL-FRA", 50.11, 8.68, 1),
        ("FSL-MUC", 48.14, 11.58, 1), ("FSL-BER", 52.52, 13.40, 1), ("FSL-HAM", 53.55, 9.99, 1),
        ("FSL-DUS", 51.23, 6.78, 1), ("FSL-ZRH", 47.38, 8.54, 1), ("FSL-VIE", 48.21, 16.37, 1),
        ("FSL-MIL", 45.46, 9.19, 1), ("FSL-MAD", 40.42, -3.70, 1), ("FSL-BCN", 41.39, 2.17, 1),
        ("FSL-PAR", 48.86, 2.35, 1), ("FSL-LYS", 45.76, 4.84, 1), ("FSL-LON", 51.51, -0.13, 0),
        ("FSL-MAN", 53.48, -2.24, 0), ("FSL-DUB", 53.35, -6.26, 0), ("FSL-STO", 59.33, 18.07, 1),
        ("FSL-CPH", 55.68, 12.57, 1), ("FSL-WAW", 52.23, 21.01, 1), ("FSL-PRG", 50.08, 14.44, 1),
    ]
    hubs = [("HUB-DE", 50.05, 8.57, 1), ("HUB-UK", 52.26, -1.16, 0), ("HUB-FR", 49.00, 2.55, 1)]
    cdc = ("CDC-NL", 51.37, 6.17, 1)
    locations = [
        ("OEM-COMPUTE", "Compute OEM", "supplier", 49.45, 11.08, 1, "", "{dist: gamma, mean: 12d, cv: 0.35}"),
        ("OEM-STORAGE", "Storage OEM", "supplier", 51.45, 7.01, 1, "", "{dist: gamma, mean: 18d, cv: 0.4}"),
        ("OEM-NETWORK", "Network OEM", "supplier", 53.35, -6.26, 0, "", "{dist: gamma, mean: 15d, cv: 0.3}"),
        ("REP-NL", "Repair centre Tilburg", "repair", 51.56, 5.09, 1, "", ""),
        (cdc[0], "Central DC Venlo", "central", cdc[1], cdc[2], cdc[3], "", ""),
    ]
    for h in hubs:
        locations.append((h[0], h[0].replace("HUB-", "Hub "), "hub", h[1], h[2], h[3], cdc[0], ""))
    for f in fsls:
        hub = min(hubs, key=lambda h: km((f[1], f[2]), (h[1], h[2])))
        locations.append((f[0], f[0].replace("FSL-", "FSL "), "fsl", f[1], f[2], f[3], hub[0], ""))
    csv("datacenter-emea/locations.csv",
        ["id", "name", "echelon", "lat", "lon", "utc_offset", "source", "lead_time", "pick", "receive"],
        [(i, n, e, la, lo, u, s, lt, "" if e in ("supplier", "repair") else ("15m" if e == "fsl" else "30m"),
          "" if e in ("supplier", "repair") else ("30m" if e == "fsl" else "2h"))
         for i, n, e, la, lo, u, s, lt in locations])

    families = [  # family, count, cost median, repairable share, supplier, mtbf median (h)
        ("PSU", 16, 380, 0.0, "OEM-COMPUTE", 250_000), ("FAN", 14, 60, 0.0, "OEM-COMPUTE", 180_000),
        ("DIMM", 18, 240, 0.0, "OEM-COMPUTE", 1_500_000), ("SSD", 16, 520, 0.0, "OEM-STORAGE", 1_200_000),
        ("HDD", 14, 310, 0.0, "OEM-STORAGE", 900_000), ("CTRL", 12, 4200, 1.0, "OEM-STORAGE", 600_000),
        ("MB", 14, 2600, 1.0, "OEM-COMPUTE", 500_000), ("NIC", 14, 690, 0.3, "OEM-NETWORK", 1_000_000),
        ("OPTIC", 18, 180, 0.0, "OEM-NETWORK", 2_000_000), ("LC", 12, 9800, 1.0, "OEM-NETWORK", 400_000),
        ("CPU", 12, 2100, 0.0, "OEM-COMPUTE", 3_000_000), ("BATT", 10, 150, 0.0, "OEM-STORAGE", 60_000),
        ("SUP", 10, 7600, 1.0, "OEM-NETWORK", 350_000),
    ]
    parts = []
    for fam, n, cost, rep, sup, mtbf in families:
        for k in range(n):
            c = cost * math.exp(rng.gauss(0, 0.45))
            repairable = rng.random() < rep
            parts.append(dict(id=f"{fam}-{k + 1:02d}", fam=fam, cost=money(c), repairable=repairable, supplier=sup,
                              mtbf=int(mtbf * math.exp(rng.gauss(0, 0.3)) // 1000 * 1000)))
    rows = []
    for p in parts:
        if p["repairable"]:
            rows.append((p["id"], f"{p['fam']} module", p["cost"], "22%", "repairable", p["supplier"], "REP-NL", "3d",
                         "lognormal", "8d", 0.5, money(p["cost"] * 0.18), "6%", "CDC-NL"))
        else:
            rows.append((p["id"], f"{p['fam']} module", p["cost"], "22%", "consumable", p["supplier"], "", "", "", "", "",
                         "", "", ""))
    csv("datacenter-emea/parts.csv",
        ["id", "name", "cost", "holding_rate", "type", "supplier", "repair.vendor", "repair.return_leg",
         "repair.turnaround.dist", "repair.turnaround.mean", "repair.turnaround.cv", "repair.cost",
         "repair.condemnation", "repair.return_to"], rows)

    by_fam = {}
    for p in parts:
        by_fam.setdefault(p["fam"], []).append(p)
    classes = [  # class, skill, [(family, distinct parts, quantity each)]
        ("SRV-1U", "compute", [("PSU", 1, 2), ("FAN", 1, 6), ("DIMM", 1, 16), ("SSD", 1, 4), ("MB", 1, 1), ("NIC", 1, 2), ("CPU", 1, 2)]),
        ("SRV-2U", "compute", [("PSU", 1, 2), ("FAN", 1, 6), ("DIMM", 1, 24), ("SSD", 1, 8), ("HDD", 1, 4), ("MB", 1, 1), ("NIC", 1, 2), ("CPU", 1, 2)]),
        ("SRV-GPU", "compute", [("PSU", 1, 4), ("FAN", 1, 8), ("DIMM", 1, 32), ("SSD", 1, 4), ("MB", 1, 1), ("NIC", 1, 2), ("CPU", 1, 2)]),
        ("STOR-MID", "storage", [("PSU", 1, 2), ("FAN", 1, 4), ("CTRL", 1, 2), ("HDD", 2, 24), ("SSD", 1, 6), ("BATT", 1, 2)]),
        ("STOR-HI", "storage", [("PSU", 1, 4), ("FAN", 1, 8), ("CTRL", 1, 4), ("SSD", 2, 48), ("BATT", 1, 4)]),
        ("SW-TOR", "network", [("PSU", 1, 2), ("FAN", 1, 5), ("OPTIC", 2, 24), ("SUP", 1, 1)]),
        ("SW-CORE", "network", [("PSU", 1, 4), ("FAN", 1, 6), ("LC", 3, 4), ("SUP", 1, 2), ("OPTIC", 2, 48)]),
        ("FW-EDGE", "network", [("PSU", 1, 2), ("FAN", 1, 3), ("NIC", 1, 4), ("OPTIC", 1, 8), ("SUP", 1, 1)]),
    ]
    types, bom = assign_bom(classes, by_fam, 4, lambda p: {"FAN": 1.6, "HDD": 1.6, "BATT": 2.5}.get(p["fam"]))
    names = {"SRV-1U": "1U rack server", "SRV-2U": "2U rack server", "SRV-GPU": "GPU server",
             "STOR-MID": "Midrange storage array", "STOR-HI": "High-end storage array", "SW-TOR": "Top-of-rack switch",
             "SW-CORE": "Core switch chassis", "FW-EDGE": "Edge firewall"}
    csv("datacenter-emea/equipment.csv",
        ["id", "name", "remote_fix", "remote_fix_time.dist", "remote_fix_time.mean", "remote_fix_time.cv", "no_fault_found",
         "repair_time.dist", "repair_time.mean", "repair_time.cv", "skill"],
        [(eid, f"{names[cls]} generation {eid[-1]}", f"{rng.choice([15, 18, 22, 25, 30])}%", "lognormal",
          f"{rng.choice([30, 40, 45, 60])}m", 0.6, f"{rng.choice([5, 6, 7, 8, 10])}%", "lognormal",
          f"{rng.choice([40, 50, 60, 75, 90, 120])}m", 0.5, skill) for eid, cls, skill in types])
    csv("datacenter-emea/bom.csv",
        ["equipment", "part", "quantity", "failure.mtbf", "failure.dist", "failure.shape", "failure.scale"], bom)
    equipment = types
    sites = []
    installed = []
    for k in range(400):
        f = fsls[k % len(fsls)] if k < 300 else rng.choice(fsls)
        lat, lon = scatter(rng, (f[1], f[2]), 90)
        hub = min(hubs, key=lambda h: km((lat, lon), (h[1], h[2])))
        contract = "PLATINUM-4H" if rng.random() < 0.35 else "GOLD-8H"
        sites.append((f"DC-{f[0][4:]}-{k + 1:03d}", lat, lon, f[3], contract, f"{f[0]};{hub[0]}"))
        size = rng.choice([1, 1, 2, 3])
        for cls, _, _ in classes:
            base = {"SRV-1U": 20, "SRV-2U": 14, "SRV-GPU": 2, "STOR-MID": 1.5, "STOR-HI": 0.6, "SW-TOR": 6,
                    "SW-CORE": 1, "FW-EDGE": 1}[cls]
            for eid in rng.sample([t[0] for t in types if t[1] == cls], 2):
                n = int(round(base * size / 2 * math.exp(rng.gauss(0, 0.5))))
                if n > 0:
                    installed.append((sites[-1][0], eid, n))
    csv("datacenter-emea/sites.csv", ["id", "lat", "lon", "utc_offset", "contract", "serving"], sites)
    csv("datacenter-emea/installed_base.csv", ["site", "equipment", "count"], installed)

    techs = []
    for f in fsls:
        head = rng.choice([3, 4, 4, 5, 6])
        techs.append((f"TECH-{f[0][4:]}", f[0], head, "24x7", "compute;storage;network", 65, 1.35, 85))
    csv("datacenter-emea/technicians.csv", ["id", "base", "headcount", "shifts", "skills", "speed", "detour", "hourly_cost"], techs)

    # The as-is stock: one of each part used in the region at every hub and, at each FSL, the
    # parts of the servers and switches it supports most (the CDC's levels come from a rule).
    levels = []
    part_ids = sorted({b[1] for b in bom})
    for pid in part_ids:
        for h in hubs:
            levels.append((h[0], pid, 1))
    for f in fsls:
        for pid in part_ids:
            fam = pid.split("-")[0]
            if fam in ("PSU", "FAN", "SSD", "HDD", "OPTIC", "BATT"):
                levels.append((f[0], pid, 1))
    csv("datacenter-emea/policy-as-is.csv", ["location", "part", "level"], levels)


# --------------------------------------------------------------------------------------------------
# medtech-imaging
# --------------------------------------------------------------------------------------------------
def medtech_imaging():
    rng = random.Random(20270301)
    cities = [("FSL-HAM", 53.55, 9.99), ("FSL-BER", 52.52, 13.40), ("FSL-CGN", 50.94, 6.96), ("FSL-FRA", 50.11, 8.68),
              ("FSL-STR", 48.78, 9.18), ("FSL-MUC", 48.14, 11.58), ("FSL-LEJ", 51.34, 12.37), ("FSL-HAJ", 52.37, 9.73),
              ("FSL-NUE", 49.45, 11.08), ("FSL-AMS", 52.37, 4.90)]
    hubs = [("HUB-NORTH", 52.40, 9.70), ("HUB-SOUTH", 49.00, 10.00)]
    parts = []
    families = [  # family, count, cost median, repairable, mtbf median h, wear-out shape
        ("XTUBE", 6, 68000, True, 22000, 2.2), ("DET", 6, 42000, True, 60000, 1.0), ("COIL", 10, 18000, True, 45000, 1.0),
        ("GRAD", 4, 35000, True, 80000, 1.0), ("COLDHEAD", 3, 12000, True, 26000, 1.8), ("HVGEN", 5, 21000, True, 70000, 1.0),
        ("BOARD", 20, 2800, True, 120000, 1.0), ("PSU", 10, 900, False, 150000, 1.0), ("FAN", 8, 140, False, 60000, 1.7),
        ("PROBE", 12, 6500, True, 30000, 1.0),
    ]
    for fam, n, cost, rep, mtbf, shape in families:
        for k in range(n):
            parts.append(dict(id=f"{fam}-{k + 1:02d}", fam=fam, cost=money(cost * math.exp(rng.gauss(0, 0.3))),
                              repairable=rep, mtbf=int(mtbf * math.exp(rng.gauss(0, 0.25))), shape=shape))
    rows = []
    for p in parts:
        if p["repairable"]:
            rows.append((p["id"], p["cost"], "18%", "repairable", "OEM-MED", "REP-OEM", "2d", "lognormal", "12d", 0.6,
                         money(p["cost"] * 0.22), "8%" if p["fam"] == "XTUBE" else "4%", "CDC-DE"))
        else:
            rows.append((p["id"], p["cost"], "18%", "consumable", "OEM-MED", "", "", "", "", "", "", "", ""))
    csv("medtech-imaging/parts.csv",
        ["id", "cost", "holding_rate", "type", "supplier", "repair.vendor", "repair.return_leg", "repair.turnaround.dist",
         "repair.turnaround.mean", "repair.turnaround.cv", "repair.cost", "repair.condemnation", "repair.return_to"], rows)
    by_fam = {}
    for p in parts:
        by_fam.setdefault(p["fam"], []).append(p)
    classes = [
        ("MRI-1.5T", "mri", [("COIL", 4, 1), ("GRAD", 1, 1), ("COLDHEAD", 1, 1), ("BOARD", 5, 1), ("PSU", 2, 2), ("FAN", 1, 4)]),
        ("MRI-3T", "mri", [("COIL", 5, 1), ("GRAD", 1, 1), ("COLDHEAD", 1, 1), ("BOARD", 6, 1), ("PSU", 2, 2), ("FAN", 1, 4)]),
        ("CT-128", "ct", [("XTUBE", 1, 1), ("DET", 1, 1), ("HVGEN", 1, 1), ("BOARD", 5, 1), ("PSU", 2, 2), ("FAN", 1, 6)]),
        ("XRAY-DR", "xray", [("XTUBE", 1, 1), ("DET", 1, 1), ("HVGEN", 1, 1), ("BOARD", 3, 1), ("PSU", 1, 1)]),
        ("US-CART", "ultrasound", [("PROBE", 3, 1), ("BOARD", 2, 1), ("PSU", 1, 1), ("FAN", 1, 2)]),
    ]
    types, bom = assign_bom(classes, by_fam, 2, lambda p: p["shape"] if p["shape"] > 1 else None)
    csv("medtech-imaging/equipment.csv",
        ["id", "remote_fix", "remote_fix_time", "no_fault_found", "repair_time.dist", "repair_time.mean", "repair_time.cv", "skill"],
        [(eid, f"{rng.choice([10, 15, 20])}%", "1h", f"{rng.choice([4, 6, 8])}%", "lognormal",
          f"{rng.choice([2, 3, 4, 5])}h", 0.5, skill) for eid, _, skill in types])
    csv("medtech-imaging/bom.csv",
        ["equipment", "part", "quantity", "failure.mtbf", "failure.dist", "failure.shape", "failure.scale"], bom)
    sites, installed = [], []
    for k in range(160):
        c = cities[k % len(cities)]
        lat, lon = scatter(rng, (c[1], c[2]), 110)
        hub = min(hubs, key=lambda h: km((lat, lon), (h[1], h[2])))
        contract = "UPTIME-8H" if rng.random() < 0.4 else "NBD-STANDARD"
        sites.append((f"HOSP-{k + 1:03d}", lat, lon, 1, contract, f"{c[0]};{hub[0]}"))
        for cls, n in (("MRI-1.5T", rng.choice([0, 1, 1, 2])), ("MRI-3T", rng.choice([0, 0, 1])), ("CT-128", rng.choice([1, 1, 2, 3])),
                       ("XRAY-DR", rng.choice([2, 3, 4, 6])), ("US-CART", rng.choice([4, 6, 10, 14]))):
            if n:
                installed.append((sites[-1][0], f"{cls}-{rng.choice('AB')}", n))
    csv("medtech-imaging/sites.csv", ["id", "lat", "lon", "utc_offset", "contract", "serving"], sites)
    csv("medtech-imaging/installed_base.csv", ["site", "equipment", "count"], installed)
    shifts = "{days: mon-fri, from: '08:00', to: '17:00'}"
    techs = [(f"FSE-{c[0][4:]}", c[0], rng.choice([4, 5, 6, 7]), shifts, "mri;ct;xray;ultrasound", 70, 1.3, 110) for c in cities]
    csv("medtech-imaging/technicians.csv", ["id", "base", "headcount", "shifts", "skills", "speed", "detour", "hourly_cost"], techs)
    return cities, hubs


# --------------------------------------------------------------------------------------------------
# telecom-field
# --------------------------------------------------------------------------------------------------
def telecom_field():
    rng = random.Random(20270501)
    fsls = [("FSL-KIEL", 54.32, 10.13), ("FSL-HAM", 53.55, 9.99), ("FSL-BRE", 53.08, 8.80), ("FSL-HAJ", 52.37, 9.73),
            ("FSL-BER", 52.52, 13.40), ("FSL-MAG", 52.13, 11.63), ("FSL-DOR", 51.51, 7.47), ("FSL-CGN", 50.94, 6.96),
            ("FSL-KAS", 51.31, 9.48), ("FSL-DRS", 51.05, 13.74), ("FSL-FRA", 50.11, 8.68), ("FSL-ERF", 50.98, 11.03),
            ("FSL-STR", 48.78, 9.18), ("FSL-NUE", 49.45, 11.08), ("FSL-MUC", 48.14, 11.58), ("FSL-FRB", 47.99, 7.85)]
    hubs = [("HUB-N", 52.27, 10.52), ("HUB-S", 49.87, 8.65)]
    parts = []
    families = [("RRU", 10, 5200, True, 180000), ("BBU", 6, 7400, True, 250000), ("RECT", 6, 1100, True, 150000),
                ("BATT", 4, 900, False, 40000), ("ANT", 8, 1800, False, 400000), ("SFP", 10, 120, False, 900000),
                ("FANU", 4, 350, False, 90000), ("MW", 8, 6100, True, 200000), ("CTRL", 6, 3900, True, 300000)]
    for fam, n, cost, rep, mtbf in families:
        for k in range(n):
            parts.append(dict(id=f"{fam}-{k + 1:02d}", fam=fam, cost=money(cost * math.exp(rng.gauss(0, 0.3))), repairable=rep,
                              mtbf=int(mtbf * math.exp(rng.gauss(0, 0.3)))))
    rows = []
    for p in parts:
        if p["repairable"]:
            rows.append((p["id"], p["cost"], "20%", "repairable", "OEM-RAN", "REP-RAN", "3d", "lognormal", "15d", 0.6,
                         money(p["cost"] * 0.15), f"{rng.choice([5, 8, 10, 12])}%", "CDC-KS"))
        else:
            rows.append((p["id"], p["cost"], "20%", "consumable", "OEM-RAN", "", "", "", "", "", "", "", ""))
    csv("telecom-field/parts.csv",
        ["id", "cost", "holding_rate", "type", "supplier", "repair.vendor", "repair.return_leg", "repair.turnaround.dist",
         "repair.turnaround.mean", "repair.turnaround.cv", "repair.cost", "repair.condemnation", "repair.return_to"], rows)
    by_fam = {}
    for p in parts:
        by_fam.setdefault(p["fam"], []).append(p)
    classes = [
        ("MACRO-4G5G", "ran", [("RRU", 2, 3), ("BBU", 1, 1), ("RECT", 1, 2), ("BATT", 1, 4), ("ANT", 1, 3), ("SFP", 1, 6), ("FANU", 1, 2), ("CTRL", 1, 1)]),
        ("SMALL-CELL", "ran", [("RRU", 1, 1), ("CTRL", 1, 1), ("SFP", 1, 2), ("BATT", 1, 1)]),
        ("MW-LINK", "transmission", [("MW", 2, 1), ("SFP", 1, 2), ("RECT", 1, 1)]),
    ]
    types, bom = assign_bom(classes, by_fam, 4, lambda p: 3.0 if p["fam"] == "BATT" else None)
    csv("telecom-field/equipment.csv",
        ["id", "remote_fix", "remote_fix_time", "no_fault_found", "repair_time.dist", "repair_time.mean", "repair_time.cv", "skill"],
        [(eid, f"{rng.choice([30, 35, 40])}%", "30m", f"{rng.choice([8, 10, 12])}%", "lognormal",
          f"{rng.choice([60, 90, 120])}m", 0.5, skill) for eid, _, skill in types])
    csv("telecom-field/bom.csv",
        ["equipment", "part", "quantity", "failure.mtbf", "failure.dist", "failure.shape", "failure.scale"], bom)
    sites, installed = [], []
    for k in range(1000):
        f = fsls[k % len(fsls)]
        lat, lon = scatter(rng, (f[1], f[2]), 80)
        nearest = sorted(fsls, key=lambda g: km((lat, lon), (g[1], g[2])))
        contract = "RESTORE-6H" if rng.random() < 0.25 else "RESTORE-24H"
        sites.append((f"CELL-{k + 1:04d}", lat, lon, 1, contract, f"{nearest[0][0]};{nearest[1][0]}"))
        g = "ABCD"[k % 4]
        installed.append((sites[-1][0], ("MACRO-4G5G-" if rng.random() < 0.7 else "SMALL-CELL-") + g, 1))
        if rng.random() < 0.45:
            installed.append((sites[-1][0], "MW-LINK-" + rng.choice("ABCD"), rng.choice([1, 1, 2])))
    csv("telecom-field/sites.csv", ["id", "lat", "lon", "utc_offset", "contract", "serving"], sites)
    csv("telecom-field/installed_base.csv", ["site", "equipment", "count"], installed)
    techs = [(f"FT-{f[0][4:]}", f[0], rng.choice([3, 4, 5]), "24x7", "ran;transmission", 60, 1.4, 70) for f in fsls]
    csv("telecom-field/technicians.csv", ["id", "base", "headcount", "shifts", "skills", "speed", "detour", "hourly_cost"], techs)
    locs = [("OEM-RAN", "RAN equipment vendor", "supplier", 48.35, 10.90, 1, "", "{dist: gamma, mean: 21d, cv: 0.4}"),
            ("REP-RAN", "RAN repair centre", "repair", 49.45, 11.08, 1, "", ""),
            ("CDC-KS", "Central depot Kassel", "central", 51.31, 9.50, 1, "", "")]
    locs += [(h[0], h[0], "hub", h[1], h[2], 1, "CDC-KS", "") for h in hubs]
    for f in fsls:
        hub = min(hubs, key=lambda h: km((f[1], f[2]), (h[1], h[2])))
        locs.append((f[0], f[0], "fsl", f[1], f[2], 1, hub[0], ""))
    csv("telecom-field/locations.csv", ["id", "name", "echelon", "lat", "lon", "utc_offset", "source", "lead_time"], locs)


def prune_parts(name):
    """Keeps only the parts some bill of materials uses: a catalogue part nobody installs is noise."""
    with open(os.path.join(HERE, name, "bom.csv")) as f:
        used = {line.split(",")[1] for line in f.read().splitlines()[1:]}
    with open(os.path.join(HERE, name, "parts.csv")) as f:
        lines = f.read().splitlines()
    write(f"{name}/parts.csv", "\n".join([lines[0]] + [l for l in lines[1:] if l.split(",")[0] in used]) + "\n")


if __name__ == "__main__":
    datacenter_emea()
    medtech_imaging()
    telecom_field()
    for scenario in ("datacenter-emea", "medtech-imaging", "telecom-field"):
        prune_parts(scenario)
