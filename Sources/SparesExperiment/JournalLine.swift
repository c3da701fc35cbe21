import Foundation
import SparesModel

/// One journal line: a replication row as JSON with its checksum written first,
/// `{"check":"<16 hex digits>",<the row's JSON after its opening brace>}` and a line feed. The check
/// is FNV-1a 64 over the row's own JSON (`{` + the bytes after the check), so an edited, damaged or
/// interleaved row is caught by `--resume`, `report` and `merge` before its numbers are used.
enum JournalLine {
    static let prefix = Array(#"{"check":""#.utf8)
    /// `{"check":"` + 16 hex digits + `",`.
    static let headerLength = prefix.count + 16 + 2

    /// The line of `row`, line feed included.
    static func encode(_ row: ReplicationRow, with encoder: JSONEncoder) throws -> Data {
        let json = try encoder.encode(row)
        var line = Data(prefix)
        line.append(contentsOf: FNV1a64.hex(FNV1a64.of(json)).utf8)
        line.append(contentsOf: #"","#.utf8)
        line.append(json.dropFirst())
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// Why a line is not a row.
    struct Problem: Error { var reason: String }

    /// The row of one line (without its line feed), or why it is not one.
    static func decode(_ line: Data, with decoder: JSONDecoder) -> Result<ReplicationRow, Problem> {
        // Read in place (the line may be a slice of the mapped journal); the row's JSON is built once.
        let base = line.startIndex
        guard line.count > headerLength, line.starts(with: prefix),
              line[base + prefix.count + 16] == UInt8(ascii: "\""), line[base + prefix.count + 17] == UInt8(ascii: ",")
        else { return .failure(Problem(reason: "not a replication row (no checksum at its start)")) }
        let written = String(decoding: line[(base + prefix.count)..<(base + prefix.count + 16)], as: UTF8.self)
        var json = Data([UInt8(ascii: "{")])
        json.append(line[(base + headerLength)...])
        let actual = FNV1a64.hex(FNV1a64.of(json))
        guard actual == written else {
            return .failure(Problem(reason: "the row's checksum is \(actual), not the \(written) written with it: the row was changed or damaged"))
        }
        do {
            return .success(try decoder.decode(ReplicationRow.self, from: json))
        } catch {
            return .failure(Problem(reason: "not a replication row (\(ErrorText.describe(error)))"))
        }
    }
}
