#!/usr/bin/env python3
"""Checks a Spares report.xlsx with the standard library only: a valid zip of Office Open XML parts,
every sheet declared in the workbook, content types and relationships, and each sheet's cells equal
to the report's CSV table of the same name (numbers as numeric cells, text as strings). Prints 'ok'
or the problems, one a line; exit status 1 on any problem."""
import csv, sys, zipfile, xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships",
      "t": "http://schemas.openxmlformats.org/package/2006/content-types"}
SHEETS = {"Policy summary": "policy-summary.csv", "Stock plan": "stock-plan.csv", "Stock points": "stock-points.csv",
          "Contract periods": "contract-periods.csv", "Site signals": "site-signals.csv", "Contract P&L": "contract-pnl.csv",
          "Decision rights": "decision-rights.csv"}

def main(xlsx, tables):
    problems = []
    z = zipfile.ZipFile(xlsx)
    if z.testzip() is not None:
        problems.append("a damaged zip entry")
    names = set(z.namelist())
    types = ET.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName") for o in types.findall("t:Override", NS)}
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = workbook.find("m:sheets", NS)
    declared = [(s.get("name"), rels.get(s.get("{%s}id" % NS["r"]))) for s in sheets]
    if [n for n, _ in declared] != list(SHEETS):
        problems.append(f"sheets {[n for n, _ in declared]}")
    for name, target in declared:
        part = "xl/" + (target or "")
        if part not in names or "/" + part not in overrides:
            problems.append(f"sheet {name}: part {part} missing or without a content type")
            continue
        rows = []
        for row in ET.fromstring(z.read(part)).find("m:sheetData", NS):
            cells = {}
            for c in row:
                ref = "".join(ch for ch in c.get("r") if ch.isalpha())
                col = 0
                for ch in ref:
                    col = col * 26 + ord(ch) - 64
                if c.get("t") == "inlineStr":
                    cells[col - 1] = ("s", c.findtext("m:is/m:t", namespaces=NS))
                else:
                    cells[col - 1] = ("n", float(c.findtext("m:v", namespaces=NS)))
            rows.append(cells)
        with open(f"{tables}/{SHEETS[name]}", newline="", encoding="utf-8") as f:
            expected = list(csv.reader(f))
        if len(rows) != len(expected):
            problems.append(f"sheet {name}: {len(rows)} rows, the CSV has {len(expected)}")
            continue
        for i, (got, want) in enumerate(zip(rows, expected)):
            for j, value in enumerate(want):
                cell = got.get(j)
                if value == "":
                    if cell is not None:
                        problems.append(f"sheet {name} row {i + 1} column {j + 1}: {cell} where the CSV is empty")
                    continue
                try:
                    number = float(value)
                    numeric = value.lower() not in ("nan", "inf", "-inf", "infinity") and i > 0
                except ValueError:
                    numeric = False
                if numeric:
                    if cell is None or cell[0] != "n" or abs(cell[1] - number) > 1e-9 * max(1, abs(number)):
                        problems.append(f"sheet {name} row {i + 1} column {j + 1}: {cell} for {value}")
                elif cell != ("s", value):
                    problems.append(f"sheet {name} row {i + 1} column {j + 1}: {cell} for {value!r}")
    print("ok" if not problems else "\n".join(problems[:20]))
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
