/// The arguments of a statement, bound in order to its `?` placeholders.
public struct SQLArguments: Sendable, ExpressibleByArrayLiteral {
    public var values: [SQLValue]

    public init(_ values: [SQLValue] = []) { self.values = values }

    public init(arrayLiteral elements: (any SQLValueConvertible)?...) {
        values = elements.map { $0?.sqlValue ?? .null }
    }

    public static func += (lhs: inout SQLArguments, rhs: SQLArguments) { lhs.values += rhs.values }
    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments { SQLArguments(lhs.values + rhs.values) }
}
