extension ScenarioReader {
    /// Technician pools: based at a location (taking its coordinates and UTC offset) or at coordinates.
    mutating func readTechnicians(_ records: [InputMapping], network: Network) -> Section<TechnicianPool> {
        var section = Section<TechnicianPool>(count: pools.count)
        for m in records {
            guard let i = declaredIndex(m, pools) else { continue }
            var coordinate: Coordinate?
            var offset: Double?
            var base: Int??
            if let value = m["base"] {
                for key in ["lat", "lon", "utc_offset"] {
                    if let extra = m[key] {
                        d.error(at: extra.location, expected: "either base or lat/lon/utc_offset", found: "both")
                    }
                }
                base = locations.resolve(value, &d)
                if let b = base ?? nil, let location = network.locations[b] {
                    coordinate = location.coordinate
                    offset = location.utcOffset
                }
            } else {
                coordinate = InputValue.coordinate(m, &d)
                offset = m.required("utc_offset", &d)?.utcOffset(&d)
            }
            let headcount = m.required("headcount", &d)?.integer(minimum: 1, &d)
            let shifts = m.required("shifts", &d)?.schedule(&d)
            var skillList: [Int] = []
            for item in m.required("skills", &d)?.textList(&d) ?? [] {
                if let s = item.scalarText.flatMap({ skills.lookup($0) }), !skillList.contains(s) { skillList.append(s) }
            }
            let speed = m.required("speed", &d)?.speed(&d)
            let detour = m["detour"].map { $0.number(in: 1...10, "a detour factor from 1 to 10 (road over straight-line distance)", &d) } ?? 1
            let hourlyCost = m["hourly_cost"].map { $0.money(&d) } ?? 0
            guard let id = m["id"]?.scalarText, let coordinate, let offset, base ?? 0 != nil, let headcount, let shifts,
                  let speed, let detour, let hourlyCost
            else { continue }
            section[i] = TechnicianPool(
                id: id, base: base ?? nil, coordinate: coordinate, utcOffset: offset, headcount: headcount, shifts: shifts,
                skills: skillList, speed: speed, detour: detour, hourlyCost: hourlyCost)
        }
        return section
    }
}
