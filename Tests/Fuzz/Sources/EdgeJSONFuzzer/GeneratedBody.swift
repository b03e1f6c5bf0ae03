/// A JSON request body built from fuzzer bytes: an object whose keys are mostly the
/// routes' field names and whose values have every JSON type, numbers taken from raw
/// bit patterns. Raw bytes rarely make a well-formed body that reaches the field
/// reading with, say, a budget of 1e300; this form reaches it in a few inputs.
struct GeneratedBody {
    enum Kind { case text, number, whole, texts, flag, company }

    /// The routes' fields and the type each expects; three times in four a field gets a
    /// value of its type, so that bodies pass the type checks and reach the conversions.
    static let fields: [(name: String, kind: Kind)] = [
        ("company_name", .text), ("industry", .text), ("location", .text), ("budget", .number), ("timeline", .whole),
        ("objectives", .texts), ("reserve_percent", .whole), ("company_info", .company), ("task_description", .text),
        ("email", .text), ("password", .text), ("display_name", .text), ("session", .flag), ("name", .text),
        ("scopes", .texts), ("expires_in_days", .whole),
    ]

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// The body's UTF-8 bytes.
    static func make(from bytes: ArraySlice<UInt8>) -> [UInt8] {
        var body = GeneratedBody(bytes)
        return Array(body.object(depth: 0).utf8)
    }

    private mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    private mutating func word() -> UInt64 {
        (0..<8).reduce(UInt64(0)) { value, _ in value << 8 | UInt64(byte()) }
    }

    private mutating func object(depth: Int) -> String {
        let count = Int(byte() % 10)
        let members = (0..<count).map { _ -> String in
            let pick = byte()
            guard pick < 240 else { return string() + ":" + value(depth: depth + 1) }
            let field = Self.fields[Int(pick) % Self.fields.count]
            return Self.quoted(field.name) + ":" + (byte() % 4 == 0 ? value(depth: depth + 1) : typed(field.kind, depth: depth + 1))
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private mutating func typed(_ kind: Kind, depth: Int) -> String {
        switch kind {
        case .text: return string()
        case .number: return byte() % 2 == 0 ? number() : "\(Int16(bitPattern: UInt16(byte()) << 8 | UInt16(byte())))"
        case .whole: return byte() % 2 == 0 ? "\(Int64(bitPattern: word()))" : "\(Int16(bitPattern: UInt16(byte()) << 8 | UInt16(byte())))"
        case .texts: return "[" + (0..<Int(byte() % 4)).map { _ in string() }.joined(separator: ",") + "]"
        case .flag: return byte() % 2 == 0 ? "true" : "false"
        case .company: return depth < 4 ? object(depth: depth) : "{}"
        }
    }

    /// A double from a raw bit pattern: any magnitude, either sign; not NaN or infinity,
    /// which JSON cannot write.
    private mutating func number() -> String {
        let number = Double(bitPattern: word())
        return number.isFinite ? "\(number)" : "1e308"
    }

    private mutating func value(depth: Int) -> String {
        switch byte() % 8 {
        case 0: return number()
        case 1: return "\(Int64(bitPattern: word()))"
        case 2: return "\(Int8(bitPattern: byte()))"
        case 3: return string()
        case 4: return byte() % 2 == 0 ? "true" : "false"
        case 5: return "null"
        case 6 where depth < 4:
            let count = Int(byte() % 4)
            return "[" + (0..<count).map { _ in value(depth: depth + 1) }.joined(separator: ",") + "]"
        case 7 where depth < 4: return object(depth: depth)
        default: return string()
        }
    }

    private mutating func string() -> String {
        let count = Int(byte() % 40)
        var text = ""
        for _ in 0..<count {
            let code = UInt32(byte()) | (byte() % 4 == 0 ? UInt32(byte()) << 8 : 0)
            text.unicodeScalars.append(Unicode.Scalar(code) ?? "?")
        }
        return Self.quoted(text)
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
