import Foundation
import SparesModel

/// The network drawn from latitude and longitude: stocking locations by echelon with the lanes their
/// stock flows on (source to location), sites as dots; FSLs coloured by their fill from the shelf and
/// sites by their mean exposure, FSL labels placed where they overlap no other label.
enum NetworkMap {
    /// `fill` per location id (share of demands filled from the shelf), `exposure` per site id (mean
    /// per replication, scenario currency).
    static func svg(_ network: NetworkSketch, title: String, fill: [String: Double], exposure: [String: Double], currency: String) -> String {
        let width = 720.0, height = 520.0
        let margin = (left: 16.0, right: 150.0, top: 40.0, bottom: 16.0)
        let places = network.locations + network.sites
        guard !places.isEmpty else { return "" }
        // Equirectangular, longitudes shrunk by the cosine of the mean latitude, fitted to the box.
        let lat0 = places.reduce(0.0) { $0 + $1.latitude } / Double(places.count)
        let k = cos(lat0 * .pi / 180)
        let xs = places.map { $0.longitude * k }, ys = places.map { $0.latitude }
        let (x0, x1) = (xs.min()!, xs.max()!), (y0, y1) = (ys.min()!, ys.max()!)
        let span = max((x1 - x0) / (width - margin.left - margin.right), (y1 - y0) / (height - margin.top - margin.bottom), 1e-9)
        let offsetX = margin.left + ((width - margin.left - margin.right) - (x1 - x0) / span) / 2
        let offsetY = margin.top + ((height - margin.top - margin.bottom) - (y1 - y0) / span) / 2
        func point(_ p: NetworkSketch.Place) -> (Double, Double) {
            (offsetX + (p.longitude * k - x0) / span, offsetY + (y1 - p.latitude) / span)
        }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var body: [String] = []
        let byID = Dictionary(network.locations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Sites first (underneath), shaded by exposure against the largest.
        let most = max(exposure.values.max() ?? 0, 1e-9)
        for site in network.sites {
            let (x, y) = point(site)
            let share = min(1, (exposure[site.id] ?? 0) / most)
            body.append(##"<circle cx="\##(f(x))" cy="\##(f(y))" r="2.4" fill="\##(shade(share))" stroke="#888" stroke-width="0.3"><title>\##(NumberFormat.escaped(site.id)): \##(NumberFormat.escaped(NumberFormat.money(exposure[site.id] ?? 0, currency))) exposure a replication</title></circle>"##)
        }
        // Stock flow: each location's lane from its source.
        for location in network.locations {
            guard let source = location.link.flatMap({ byID[$0] }) else { continue }
            let (a, b) = point(source), (c, d) = point(location)
            body.append(##"<line x1="\##(f(a))" y1="\##(f(b))" x2="\##(f(c))" y2="\##(f(d))" stroke="#5a7bb5" stroke-width="\##(source.kind == "central" ? 1.6 : 1)" opacity="0.7"/>"##)
        }
        // Locations: central a square, hubs a diamond, FSLs a circle coloured by fill.
        var labels: [(x: Double, y: Double, w: Double, h: Double)] = []
        for location in network.locations {
            let (x, y) = point(location)
            labels.append((x - 6, y - 6, 12, 12))   // markers are obstacles for labels too
        }
        for location in network.locations {
            let (x, y) = point(location)
            let name = NumberFormat.escaped(location.id)
            let tip = fill[location.id].map { ": fill \(NumberFormat.percent($0, 1))" } ?? ""
            switch location.kind {
            case "central":
                body.append(##"<rect x="\##(f(x - 6))" y="\##(f(y - 6))" width="12" height="12" fill="#1f3b73"><title>\##(name)\##(tip)</title></rect>"##)
            case "hub":
                body.append(##"<polygon points="\##(f(x)),\##(f(y - 7)) \##(f(x + 7)),\##(f(y)) \##(f(x)),\##(f(y + 7)) \##(f(x - 7)),\##(f(y))" fill="#3b6fb6"><title>\##(name)\##(tip)</title></polygon>"##)
            default:
                body.append(##"<circle cx="\##(f(x))" cy="\##(f(y))" r="5" fill="\##(fillColor(fill[location.id]))" stroke="#222" stroke-width="0.8"><title>\##(name)\##(tip)</title></circle>"##)
            }
            // The label at the first of four places that overlaps no earlier label or marker.
            let w = Double(location.id.count) * 6.2, h = 11.0
            let candidates = [(x + 8, y + 4, "start"), (x - 8, y + 4, "end"), (x, y - 9, "middle"), (x, y + 16, "middle")]
            for (lx, ly, anchor) in candidates {
                let left = anchor == "start" ? lx : (anchor == "end" ? lx - w : lx - w / 2)
                let box = (x: left, y: ly - h + 2, w: w, h: h)
                let clash = labels.contains { o in
                    !(o.x == x - 6 && o.y == y - 6) && box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h
                }
                guard !clash, box.x >= 0, box.x + box.w <= width - margin.right + 4 else { continue }
                labels.append(box)
                body.append(##"<text x="\##(f(lx))" y="\##(f(ly))" font-size="10" text-anchor="\##(anchor)" fill="#111" stroke="#fff" stroke-width="2.5" paint-order="stroke">\##(name)</text>"##)
                break
            }
        }
        // Legend, right of the map.
        var legend: [String] = []
        var ly = margin.top + 8
        let lx = width - margin.right + 12
        func entry(_ marker: String, _ text: String) {
            legend.append(marker)
            legend.append(##"<text x="\##(f(lx + 16))" y="\##(f(ly + 4))" font-size="11">\##(NumberFormat.escaped(text))</text>"##)
            ly += 18
        }
        entry(##"<rect x="\##(f(lx - 5))" y="\##(f(ly - 5))" width="10" height="10" fill="#1f3b73"/>"##, "central")
        entry(##"<polygon points="\##(f(lx)),\##(f(ly - 6)) \##(f(lx + 6)),\##(f(ly)) \##(f(lx)),\##(f(ly + 6)) \##(f(lx - 6)),\##(f(ly))" fill="#3b6fb6"/>"##, "hub")
        for (label, share) in [("FSL fill ≥ 95%", 0.96), ("FSL fill 85–95%", 0.9), ("FSL fill < 85%", 0.5)] {
            entry(##"<circle cx="\##(f(lx))" cy="\##(f(ly))" r="5" fill="\##(fillColor(share))" stroke="#222" stroke-width="0.8"/>"##, label)
        }
        for (label, share) in [("site, most exposure", 1.0), ("site, none", 0.0)] {
            entry(##"<circle cx="\##(f(lx))" cy="\##(f(ly))" r="3" fill="\##(shade(share))" stroke="#888" stroke-width="0.3"/>"##, label)
        }
        entry(##"<line x1="\##(f(lx - 7))" y1="\##(f(ly))" x2="\##(f(lx + 7))" y2="\##(f(ly))" stroke="#5a7bb5" stroke-width="1.4"/>"##, "stock flow")

        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(f(width)) \##(f(height))" width="100%" role="img" aria-label="\##(NumberFormat.escaped(title))" font-family="Helvetica, Arial, sans-serif">"##
        out += "<title>\(NumberFormat.escaped(title))</title>"
        out += ##"<rect width="\##(f(width))" height="\##(f(height))" fill="#fff"/>"##
        out += ##"<text x="\##(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\##(NumberFormat.escaped(title))</text>"##
        out += body.joined() + legend.joined() + "</svg>"
        return out
    }

    /// Green at or above 95% fill, amber from 85%, red below; grey without demand.
    static func fillColor(_ fill: Double?) -> String {
        guard let fill else { return "#bbbbbb" }
        return fill >= 0.95 ? "#2ca02c" : (fill >= 0.85 ? "#ff9f1c" : "#d62728")
    }

    /// White to red by `share` in [0, 1].
    static func shade(_ share: Double) -> String {
        let g = Int((1 - share) * 235 + 20), b = Int((1 - share) * 225 + 20)
        return String(format: "#%02x%02x%02x", 240, g, b)
    }
}
