/// A status code of the internal RPC. The numeric values are gRPC's, so the
/// wire reads the same to anyone who knows gRPC (see docs/PROTOCOL.md).
public struct RPCStatusCode: Hashable, Sendable, CustomStringConvertible {
    /// The code's number on the wire.
    public let rawValue: Int32

    /// A code from its wire number; unknown numbers become ``unknown``.
    public init(rawValue: Int32) {
        self.rawValue = Self.names.indices.contains(Int(rawValue)) ? rawValue : 2
    }

    private init(_ value: Int32) { self.rawValue = value }

    public static let ok = Self(0)
    public static let cancelled = Self(1)
    public static let unknown = Self(2)
    public static let invalidArgument = Self(3)
    public static let deadlineExceeded = Self(4)
    public static let notFound = Self(5)
    public static let alreadyExists = Self(6)
    public static let permissionDenied = Self(7)
    public static let resourceExhausted = Self(8)
    public static let failedPrecondition = Self(9)
    public static let aborted = Self(10)
    public static let outOfRange = Self(11)
    public static let unimplemented = Self(12)
    public static let `internal` = Self(13)
    public static let unavailable = Self(14)
    public static let dataLoss = Self(15)
    public static let unauthenticated = Self(16)

    private static let names = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// The code's name as gRPC spells it, for example `PERMISSION_DENIED`.
    public var description: String { Self.names[Int(rawValue)] }
}
