import Foundation
import Testing
@testable import SparesModel

/// The broken-scenario corpus (`Corpus/broken/`): each file breaks one validation rule of the valid
/// `Corpus/base.yaml`; its `.expected` file holds every diagnostic, exactly as `spares validate`
/// prints it, with file paths relative to the corpus folder. `Corpus/make_corpus.py` writes the
/// scenarios; the expected messages are written and reviewed by hand.
@Suite("Broken-scenario corpus")
struct BrokenScenarioCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("broken").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test("the base scenario is valid and warning-free")
    func base() {
        let result = ScenarioLoader.load(Self.folder.appendingPathComponent("base.yaml").path)
        #expect(result.diagnostics.all.map(\.description) == [])
        #expect(result.scenario != nil)
    }

    @Test("the corpus covers every rule", arguments: [32])
    func coverage(minimum: Int) {
        #expect(Self.cases.count >= minimum)
    }

    @Test("each broken scenario gives exactly its expected diagnostics", arguments: cases)
    func brokenScenario(_ name: String) throws {
        let folder = Self.folder.appendingPathComponent("broken")
        let path = folder.appendingPathComponent("\(name).yaml").path
        let expected = try String(contentsOf: folder.appendingPathComponent("\(name).expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let result = ScenarioLoader.load(path)
        let prefix = folder.path + "/"
        let actual = result.diagnostics.all.map { $0.description.replacingOccurrences(of: prefix, with: "") }
        #expect(actual == expected)
        if name.hasPrefix("warn-") {
            #expect(result.scenario != nil, "a scenario with warnings only still loads")
        } else {
            #expect(result.scenario == nil, "a scenario with errors must not load")
            #expect(!result.diagnostics.errors.isEmpty)
        }
    }
}
