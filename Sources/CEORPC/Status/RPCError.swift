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
/// ends with any status other than OK.
public struct RPCError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: RPCStatusCode
    public var message: String
    public var details: [FieldViolation]
    public var trailers: RPCMetadata

    public init(
        _ code: RPCStatusCode,
        _ message: String,
        details: [FieldViolation] = [],
        trailers: RPCMetadata = RPCMetadata()
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.trailers = trailers
    }

    public var description: String {
        var text = "\(code): \(message)"
        if !details.isEmpty {
            text += " [" + details.map { "\($0.field): \($0.description)" }.joined(separator: "; ") + "]"
        }
        return text
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
