/// The identity of a service, read from the SAN URI `ceo://service/<name>` of its
/// certificate (issued by the deployment's internal CA).
public struct ServiceIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The service's name, for example `edge`.
    public let name: String

    public init(_ name: String) { self.name = name }

    /// The URI form that certificates carry in their subject alternative names.
    public var uri: String { Self.uriPrefix + name }

    /// Parses `ceo://service/<name>`; nil for any other URI.
    public init?(uri: String) {
        guard uri.hasPrefix(Self.uriPrefix) else { return nil }
        let name = String(uri.dropFirst(Self.uriPrefix.count))
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return nil
        }
        self.name = name
    }

    public var description: String { name }

    static let uriPrefix = "ceo://service/"

    public static let auth = Self("auth")
    public static let orchestrator = Self("orchestrator")
    public static let agents = Self("agents")
    public static let edge = Self("edge")
}

/// One entry of a method's allow-list: a service name, or `*` for any caller with a
/// certificate from the deployment's CA.
public struct CallerRule: Hashable, Sendable {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    /// Whether the rule admits the caller.
    public func admits(_ caller: ServiceIdentity?) -> Bool {
        pattern == "*" || caller?.name == pattern
    }
}
