public import Foundation

/// One value as both database engines store it: the common ground of SQLite's storage
/// classes and the PostgreSQL types the services' schemas use (BIGINT, DOUBLE
/// PRECISION, TEXT, BYTEA). Booleans are stored as integers 0 and 1 in both.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift type that binds as a statement argument and decodes from a column.
public protocol SQLValueConvertible: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// The Swift value of a column, or nil when the stored value does not convert.
    static func fromSQL(_ value: SQLValue) -> Self?
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public static func fromSQL(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let int): int
        case .real(let double): Int64(exactly: double)
        case .text(let text): Int64(text)
        default: nil
        }
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func fromSQL(_ value: SQLValue) -> Int? { Int64.fromSQL(value).flatMap { Int(exactly: $0) } }
}

extension Int32: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public static func fromSQL(_ value: SQLValue) -> Int32? { Int64.fromSQL(value).flatMap { Int32(exactly: $0) } }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public static func fromSQL(_ value: SQLValue) -> Bool? { Int64.fromSQL(value).map { $0 != 0 } }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public static func fromSQL(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let double): double
        case .integer(let int): Double(int)
        case .text(let text): Double(text)
        default: nil
        }
    }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public static func fromSQL(_ value: SQLValue) -> String? {
        switch value {
        case .text(let text): text
        case .blob(let data): String(data: data, encoding: .utf8)
        default: nil
        }
    }
}

extension Data: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
    public static func fromSQL(_ value: SQLValue) -> Data? {
        switch value {
        case .blob(let data): data
        case .text(let text): Data(text.utf8)
        default: nil
        }
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    public static func fromSQL(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.fromSQL(value).map { .some($0) }
    }
}
