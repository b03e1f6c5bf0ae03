/// One result row: its values by column name, decoded by the type the caller asks for.
public struct SQLRow: Sendable {
    private let columns: [String: Int]
    private let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.init(index: Self.index(of: columns), values: values)
    }

    /// A row whose column positions were indexed once for its statement (``index(of:)``).
    init(index: [String: Int], values: [SQLValue]) {
        self.columns = index
        self.values = values
    }

    /// Column name → position (the first of duplicates), shared by a statement's rows.
    static func index(of columns: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        return index
    }

    /// Whether the row has a column of that name.
    public func hasColumn(_ name: String) -> Bool { columns[name] != nil }

    /// The stored value of `column` (`.null` when the row has no such column).
    public func value(_ column: String) -> SQLValue { columns[column].map { values[$0] } ?? .null }

    /// The first column's value.
    public var first: SQLValue { values.first ?? .null }

    /// The value of `column` as `T`. A column that does not convert is a programming
    /// error in the statement (a wrong column name or type), and stops the process
    /// with both names, as GRDB does.
    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        let stored = value(column)
        guard let decoded = T.fromSQL(stored) else {
            preconditionFailure("column \(column) holds \(stored), which is not a \(T.self)")
        }
        return decoded
    }

    /// The rows of a query.
    public static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [SQLRow] {
        try db.fetchAll(sql: sql, arguments: arguments)
    }

    /// The first row of a query, or nil.
    public static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> SQLRow? {
        try db.fetchAll(sql: sql, arguments: arguments).first
    }
}

extension SQLValueConvertible {
    /// The first column of every row, decoded (rows holding NULL are left out).
    public static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchAll(sql: sql, arguments: arguments).compactMap { Self.fromSQL($0.first) }
    }

    /// The first column of the first row, or nil (no row, or NULL).
    public static func fetchOne(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try db.fetchAll(sql: sql, arguments: arguments).first.flatMap { Self.fromSQL($0.first) }
    }
}
