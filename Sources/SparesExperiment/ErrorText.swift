import Foundation
import GRDB

/// Plain sentences for errors from Foundation, the JSON decoder and SQLite, so that no message shows
/// a library's internals (DecodingError cases, NSCocoaErrorDomain codes, SQL statements).
public enum ErrorText {
    public static func describe(_ error: Error) -> String {
        if let error = error as? ResultsError { return error.description }
        if let error = error as? DecodingError { return decoding(error) }
        if error is EncodingError { return "a value that JSON cannot hold (not a finite number?)" }
        if let error = error as? DatabaseError {
            return "SQLite refused it: \(error.message ?? "error \(error.resultCode.rawValue)")"
        }
        return system(error)
    }

    /// A decoding error as "at policies[2].metrics: expected a number".
    static func decoding(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "no '\(key.stringValue)'\(at)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) is not \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is empty where \(typeName(type)) belongs"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "a value that does not fit at \(path(context))"
        @unknown default:
            return "not the expected JSON"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a text"
        case is Double.Type, is Int.Type, is Int64.Type, is UInt64.Type, is Bool.Type: "a number"
        case is [Any].Type: "a list"
        default: "the expected kind of value"
        }
    }

    /// A system error as `strerror` says it ("No space left on device"), never as an NSError.
    static func system(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
            case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
            case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
            case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
            case .fileWriteFileExists: return String(cString: strerror(EEXIST))
            case .fileReadCorruptFile: return "the file's content cannot be read"
            case .fileReadTooLarge: return "the file is too large"
            default: return "the operation failed (error \(ns.code))"
            }
        }
        return "the operation failed"
    }
}
