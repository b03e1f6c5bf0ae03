/// One refused field of a request, carried in an ``RPCError``.
public struct FieldViolation: Hashable, Sendable {
    /// The field's path, for example `company.budget_cents`.
    public var field: String
    /// What is wrong with it.
    public var description: String

    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}

/// The error of a call: a status code, a human message and optional field details.
///
/// Handlers throw it to end a call with that status; clients receive it when a call
/// ends with any status other than OK. An error made from another one (a domain error
/// converted at the RPC boundary) keeps it as ``cause``, for logs and tests; the cause
/// is never sent on the wire.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: RPCStatusCode
    public var message: String
    public var details: [FieldViolation]
    public var trailers: RPCMetadata
    /// The error this one was made from, if any; stays in this process.
    public var cause: (any Error)?

    /// An error with a status, a message and, optionally, field details, trailers and
    /// the error it was made from.
    public init(
        _ code: RPCStatusCode,
        _ message: String,
        details: [FieldViolation] = [],
        trailers: RPCMetadata = RPCMetadata(),
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.trailers = trailers
        self.cause = cause
    }

    /// The status, message and details; the cause, when there is one, in parentheses.
    public var description: String {
        var text = "\(code): \(message)"
        if !details.isEmpty {
            text += " [" + details.map { "\($0.field): \($0.description)" }.joined(separator: "; ") + "]"
        }
        if let cause {
            text += " (cause: \(cause))"
        }
        return text
    }

    /// Equal when what goes on the wire is equal: the cause is not compared.
    public static func == (lhs: RPCError, rhs: RPCError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.details == rhs.details && lhs.trailers == rhs.trailers
    }

    /// Hashes what goes on the wire, like ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(details)
        hasher.combine(trailers)
    }
}

extension RPCError {
    init(wire status: WireStatus, trailers: [WireMetadataEntry]) {
        self.init(
            RPCStatusCode(rawValue: status.code),
            status.message,
            details: status.details.map { FieldViolation(field: $0.field, description: $0.description_p) },
            trailers: RPCMetadata(wire: trailers)
        )
    }

    var wireStatus: WireStatus {
        var status = WireStatus()
        status.code = code.rawValue
        status.message = message
        status.details = details.map {
            var violation = WireFieldViolation()
            violation.field = $0.field
            violation.description_p = $0.description
            return violation
        }
        return status
    }
}
