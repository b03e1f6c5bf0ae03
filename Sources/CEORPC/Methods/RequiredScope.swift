/// What a method asks of the end user whose access token a call carries: the method's
/// `(ceo.rpc.v1.required_scope)` option.
///
/// The router checks it once per call, before the handler, with the service's
/// ``RPCCallAuthorizer``; the handler then reads the principal from its ``ServerContext``.
public enum RequiredScope: Sendable, Hashable, CustomStringConvertible {
    /// `""`: the method serves no end user (health, login, signing keys, calls between
    /// services); the call's token is not read.
    case none
    /// `"*"`: a valid access token, whatever its scopes; the handler decides from the
    /// principal (for example admin checks that need the database).
    case anyScope
    /// A valid access token that carries this scope, for example `runs:read`.
    case scope(String)

    /// The value of the proto option: `""`, `"*"` or a scope name.
    public init(option: String) {
        switch option {
        case "": self = .none
        case "*": self = .anyScope
        default: self = .scope(option)
        }
    }

    /// Whether a call needs a verified end user before its handler runs.
    public var needsPrincipal: Bool { self != .none }

    /// The proto option's form.
    public var description: String {
        switch self {
        case .none: ""
        case .anyScope: "*"
        case .scope(let scope): scope
        }
    }
}
