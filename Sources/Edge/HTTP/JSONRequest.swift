import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a JSON request body within the edge's limits: the right content type (415),
/// the size limit (413), valid UTF-8, at most 32 levels of nesting and strings of at
/// most 10,000 characters (400), an object at the top.
enum JSONRequest {
    static let maximumDepth = 32
    static let maximumStringLength = 10_000

    static func object(_ request: Request, limit: Int) async throws -> [String: Any] {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw EdgeError(.unsupportedMediaType, "send the body as application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw EdgeError(.bodyTooLarge, "the body exceeds \(limit) bytes")
        }
        return try object(bytes: Array(buffer.readableBytesView))
    }

    /// The checks after the transport's: UTF-8, depth, JSON, an object, string lengths.
    /// Every failure is a 400 `invalid_json` naming the problem.
    static func object(bytes: [UInt8]) throws -> [String: Any] {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw EdgeError(.invalidJSON, "the body is not valid UTF-8")
        }
        try checkDepth(bytes)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw EdgeError(.invalidJSON, "the body is not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw EdgeError(.invalidJSON, "the body must be a JSON object")
        }
        try checkStrings(object)
        return object
    }

    /// Nesting depth, counted outside strings, before any parsing.
    static func checkDepth(_ bytes: [UInt8]) throws {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maximumDepth { throw EdgeError(.invalidJSON, "the body nests deeper than \(maximumDepth) levels") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }

    static func checkStrings(_ value: Any) throws {
        switch value {
        case let text as String where text.count > maximumStringLength:
            throw EdgeError(.invalidJSON, "a string in the body is longer than \(maximumStringLength) characters")
        case let array as [Any]: for element in array { try checkStrings(element) }
        case let object as [String: Any]: for (key, element) in object { try checkStrings(key); try checkStrings(element) }
        default: break
        }
    }
}

/// Typed fields of a JSON object, collecting every problem by field name.
struct JSONFields {
    let object: [String: Any]
    private(set) var problems: [ErrorBody.Detail] = []

    init(_ object: [String: Any]) { self.object = object }

    mutating func string(_ name: String, required: Bool = true) -> String? {
        guard let value = object[name], !(value is NSNull) else {
            if required { problems.append(.init(field: name, message: "is required")) }
            return nil
        }
        guard let text = value as? String else {
            problems.append(.init(field: name, message: "must be a string"))
            return nil
        }
        return text
    }

    /// A JSON number (not a boolean).
    mutating func number(_ name: String, required: Bool = true) -> Double? {
        guard let value = object[name], !(value is NSNull) else {
            if required { problems.append(.init(field: name, message: "is required")) }
            return nil
        }
        guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue.isFinite else {
            problems.append(.init(field: name, message: "must be a number"))
            return nil
        }
        return number.doubleValue
    }

    mutating func integer(_ name: String, required: Bool = true) -> Int? {
        guard let number = number(name, required: required) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            problems.append(.init(field: name, message: "must be a whole number"))
            return nil
        }
        return Int(number)
    }

    mutating func strings(_ name: String, required: Bool = true) -> [String]? {
        guard let value = object[name], !(value is NSNull) else {
            if required { problems.append(.init(field: name, message: "is required")) }
            return nil
        }
        guard let array = value as? [Any], array.allSatisfy({ $0 is String }) else {
            problems.append(.init(field: name, message: "must be an array of strings"))
            return nil
        }
        return array.compactMap { $0 as? String }
    }

    /// JSON `true`/`false` arrive as NSNumbers whose type is `char`.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    /// Records a problem with `name` found by the caller's own rule.
    mutating func problem(_ name: String, _ message: String) {
        problems.append(.init(field: name, message: message))
    }

    /// Throws 400 with every problem found so far.
    func validate() throws {
        guard !problems.isEmpty else { return }
        var error = EdgeError(.invalidRequest, "invalid request: " + problems.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        error.details = problems
        throw error
    }
}
