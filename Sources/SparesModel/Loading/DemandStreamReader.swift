/// Reading `demand_streams:` (inline or a CSV table): location × part demand with a Poisson rate or a
/// history of counts per period.
extension ScenarioReader {
    mutating func readDemandStream(_ m: InputMapping, _ locationList: Section<Location>) -> DemandStream? {
        let location = m.required("location", &d).flatMap { locations.resolve($0, &d) }
        if let location, let value = m["location"], let place = locationList[location], !place.echelon.holdsStock {
            d.error(at: value.location, expected: "a stocking location (central, hub or fsl)", found: "'\(place.id)', a \(place.echelon.rawValue)")
        }
        let part = m.required("part", &d).flatMap { parts.resolve($0, &d) }
        let per = m.required("per", &d)?.choice(DemandPeriod.self, &d)
        var law: DemandStream.Law?
        switch (m["rate"], m["history"]) {
        case (let rate?, nil):
            if let value = rate.positiveNumber(&d), let per { law = .poisson(rate: value / per.hours) }
        case (nil, let history?):
            if let list = history.sequence(&d) {
                let counts = list.compactMap { $0.integer(&d) }
                if list.isEmpty || counts.reduce(0, +) == 0, counts.count == list.count {
                    d.error(at: history.location, expected: "a history of counts per period with at least one demand", found: history.written)
                } else if counts.count == list.count, let per {
                    law = .history(counts: counts, periodHours: per.hours)
                }
            }
        case (.some, .some):
            d.error(at: m["history"]!.location, expected: "either a rate or a history", found: "both")
        case (nil, nil):
            d.error(at: m.owner.location, expected: "a rate (Poisson) or a history (counts per period)", found: "neither")
        }
        guard let location, let place = locationList[location], place.echelon.holdsStock, let part, let law else { return nil }
        return DemandStream(location: location, part: part, law: law)
    }
}
