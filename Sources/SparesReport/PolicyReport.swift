import Foundation
import SparesExperiment

/// Writes a results directory's policy report: `index.html` (self-contained), `report.md` with
/// `charts/*.svg`, and `tables/*.csv`. Every file is written atomically.
public enum PolicyReport {
    /// Reads `results` (its `results.json`, manifest and journal) and writes the report into `output`.
    @discardableResult
    /// `riskFor` picks, from the run's policy ids, those whose SLA risk detail the report adds to the
    /// recommended policy's (it may throw, to refuse an id).
    public static func write(from results: ResultsDirectory, to output: String, generated: Date = Date(), riskFor: [String] = []) throws -> ReportDocument {
        try write(from: results, to: output, generated: generated) { _ in riskFor }
    }

    public static func write(from results: ResultsDirectory, to output: String, generated: Date = Date(),
                             riskFor: ([String]) throws -> [String]) throws -> ReportDocument {
        try results.checkFolder()
        let lock = try DirectoryLock.acquire(results.url, mode: .shared)
        defer { lock.release() }
        try results.verifyComplete()
        guard let manifest = try results.readManifest() else {
            throw ResultsError.data("\(results.url.path) holds no Spares run (no manifest.json)")
        }
        let report = try results.readResults(manifest)
        let rows = try Experiment.values(in: results, manifest: manifest)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]
        var input = ReportInput(report: report, rows: rows, command: manifest.command, generated: formatter.string(from: generated))
        input.riskFor = try riskFor(report.policies)
        let document = ReportDocument(input)
        try write(document, report: report, to: ResultsDirectory(output))
        return document
    }

    static func write(_ document: ReportDocument, report: ExperimentReport, to output: ResultsDirectory) throws {
        try output.create()
        for sub in ["charts", "tables"] {
            do {
                try FileManager.default.createDirectory(at: output.url.appendingPathComponent(sub), withIntermediateDirectories: true)
            } catch {
                throw ResultsError.io("cannot create \(output.url.appendingPathComponent(sub).path): \(ErrorText.describe(error))")
            }
        }
        for folder in [output, ResultsDirectory(output.url.appendingPathComponent("charts").path),
                       ResultsDirectory(output.url.appendingPathComponent("tables").path)] {
            folder.removeStaleTemporaries()
        }
        try output.writeAtomically(Data(HTMLRenderer.render(document).utf8), to: output.url.appendingPathComponent("index.html"))
        try output.writeAtomically(Data(MarkdownRenderer.render(document).utf8), to: output.url.appendingPathComponent("report.md"))
        for section in document.sections {
            for case .chart(let id, _, let svg) in section.blocks {
                try output.writeAtomically(Data(svg.utf8), to: output.url.appendingPathComponent("charts/\(id).svg"))
            }
        }
        for (name, text) in ReportTables.all(report) {
            try output.writeAtomically(Data(text.utf8), to: output.url.appendingPathComponent("tables/\(name)"))
        }
        let workbook: Data
        do {
            workbook = try Workbook.data(ReportTables.sheets(report).map { ($0.sheet, $0.rows) })
        } catch {
            throw ResultsError.io("cannot build report.xlsx: \(error)")
        }
        try output.writeAtomically(workbook, to: output.url.appendingPathComponent("report.xlsx"))
    }
}
