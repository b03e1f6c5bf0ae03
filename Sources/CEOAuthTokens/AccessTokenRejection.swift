public import CEORPC

/// Why an access token was refused.
public struct AccessTokenRejection: RPCErrorConvertible, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case malformed, algorithmNotAccepted, unknownKey, badSignature, expired, notYetValid
        case wrongIssuer, wrongAudience, keysUnavailable, revoked
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "access token rejected: \(message)" }

    /// UNAUTHENTICATED (UNAVAILABLE when the keys could not be fetched), with the reason.
    public var rpcError: RPCError {
        RPCError(reason == .keysUnavailable ? .unavailable : .unauthenticated, description, cause: self)
    }
}
