/// Table rows read straight from their cells when they are plain: the by-value readers' results
/// for such rows, without building a value per cell.
/// Reads installed-base rows of a table straight from their cells when they are plain: a known site
/// and equipment type, a whole count (or none: 1) and no dates. Exactly what reading the row by value
/// gives for such a row, without its values; any other row is read by value, with its errors.
struct PlainInstalledRows {
    let table: TableColumns
    let site: Int, equipment: Int, count: Int?, installed: Int?, removed: Int?

    init?(_ table: TableColumns?) {
        guard let table, !table.nested, let site = table.column("site"), let equipment = table.column("equipment") else { return nil }
        self.table = table
        self.site = site
        self.equipment = equipment
        count = table.column("count")
        installed = table.column("installed")
        removed = table.column("removed")
    }

    /// The site and units of `m`, or nil when `m` is to be read by value.
    /// The site cell last read and its site: rows of one site usually follow each other, and a cell
    /// written exactly as the one before names the same site.
    typealias SiteMemo = (cell: Int, site: Int)?

    func read(_ m: InputMapping, sites: Registry, equipment types: Registry, memo: inout SiteMemo) -> (site: Int, units: InstalledUnits)? {
        guard let (t, row) = m.tableRow, t === table,
              installed.map({ table.isEmpty(row, $0) }) ?? true, removed.map({ table.isEmpty(row, $0) }) ?? true,
              let s = siteIndex(row, sites, &memo),
              // An id that would be YAML null unquoted is read by value, whatever its quoting.
              let typeID = table.scalar(row, equipment), !InputValue.isNullText(typeID), let e = types.lookup(typeID)
        else { return nil }
        var n = 1
        if let count, !table.isEmpty(row, count) {
            // Plain digits read from the bytes; anything else as `wholeNumber` reads its text.
            guard let value = table.digits(row, count) ?? table.scalar(row, count).flatMap({ InputValue.wholeNumber($0, minimum: 1) }),
                  value >= 1, value <= InputValue.largestCount
            else { return nil }
            n = value
        }
        return (s, InstalledUnits(equipment: e, count: n, installed: nil, removed: nil))
    }

    private func siteIndex(_ row: Int, _ sites: Registry, _ memo: inout SiteMemo) -> Int? {
        let cell = table.cellIndex(row, site)
        if let (previous, s) = memo, table.sameCell(previous, cell) { return s }
        guard let siteID = table.scalar(row, site), !InputValue.isNullText(siteID), let s = sites.lookup(siteID) else { return nil }
        memo = (cell, s)
        return s
    }
}

/// Reads site rows of a table straight from their cells when they are plain: a name (or none), a
/// latitude, longitude and UTC offset written as numbers in range, a known contract, serving
/// locations that are known stocking locations, no `units` cell, and installed-base rows that were
/// themselves plain. Exactly what reading the row by value gives for such a row; any other row is
/// read by value, with its errors.
struct PlainSiteRows {
    let table: TableColumns
    let id: Int, lat: Int, lon: Int, utcOffset: Int, contract: Int, serving: Int
    let name: Int?, units: Int?

    init?(_ table: TableColumns?) {
        guard let table, !table.nested, let id = table.column("id"), let lat = table.column("lat"), let lon = table.column("lon"),
              let utcOffset = table.column("utc_offset"), let contract = table.column("contract"),
              let serving = table.column("serving")
        else { return nil }
        self.table = table
        (self.id, self.lat, self.lon, self.utcOffset, self.contract, self.serving) = (id, lat, lon, utcOffset, contract, serving)
        name = table.column("name")
        units = table.column("units")
    }

    /// The site of `m`, or nil when `m` is to be read by value.
    func read(_ m: InputMapping, contracts: Registry, locations: Registry, list: Section<Location>,
              installed: InstalledBySite.Rows) -> Site? {
        guard let (t, row) = m.tableRow, t === table, units.map({ table.isEmpty(row, $0) }) ?? true,
              let id = table.scalar(row, id),
              let latitude = number(row, lat, in: -90...90), let longitude = number(row, lon, in: -180...180),
              let offset = number(row, utcOffset, in: -12...14),
              let contractID = table.scalar(row, contract), !InputValue.isNullText(contractID), let c = contracts.lookup(contractID),
              let servingText = table.scalar(row, serving), !InputValue.isNullText(servingText)
        else { return nil }
        var siteName = id
        if let name, !table.isEmpty(row, name) {
            guard let text = table.scalar(row, name), !text.isEmpty, !InputValue.isNullText(text) else { return nil }
            siteName = text
        }
        // As `textList` splits a cell; every piece a known stocking location.
        var servingList: [Int] = []
        for piece in servingText.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let text = piece.trimmingWhitespace
            guard !text.isEmpty, let l = locations.lookup(text), let location = list[l], location.echelon.holdsStock else { return nil }
            servingList.append(l)
        }
        guard !servingList.isEmpty else { return nil }
        var units: [InstalledUnits] = []
        units.reserveCapacity(installed.count)
        for row in installed {
            guard case .plain(let read) = row else { return nil }
            units.append(read)
        }
        return Site(id: id, name: siteName, coordinate: Coordinate(latitude: latitude, longitude: longitude), utcOffset: offset,
                    contract: c, serving: servingList, units: units)
    }

    /// A cell read as `InputValue.number(in:)` reads it, or nil.
    private func number(_ row: Int, _ c: Int, in range: ClosedRange<Double>) -> Double? {
        guard let text = table.scalar(row, c), let value = Double(text.trimmingWhitespace), value.isFinite, range.contains(value)
        else { return nil }
        return value
    }
}
