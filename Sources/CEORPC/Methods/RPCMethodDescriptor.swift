public import SwiftProtobuf

/// Whether a method answers once or streams.
public enum RPCMethodKind: Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
}

/// A typed method of a service: its path, kind, message types, which services may call
/// it and what it asks of the end user.
///
/// Generated from `Protos/` by `scripts/generate_method_descriptors.py`.
public struct RPCMethodDescriptor<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>: Sendable {
    /// `/package.Service/Method`.
    public let path: String
    /// Unary or server streaming.
    public let kind: RPCMethodKind
    /// The callers the method admits; others get PERMISSION_DENIED.
    public let allowedCallers: [CallerRule]
    /// The end user's access token the method needs, checked before its handler runs.
    public let requiredScope: RequiredScope

    /// A descriptor; generated code passes every field from the method's proto options.
    public init(path: String, kind: RPCMethodKind, allowedCallers: [CallerRule], requiredScope: RequiredScope) {
        self.path = path
        self.kind = kind
        self.allowedCallers = allowedCallers
        self.requiredScope = requiredScope
    }

    /// Whether `caller` may call this method.
    public func admits(_ caller: ServiceIdentity?) -> Bool {
        allowedCallers.contains { $0.admits(caller) }
    }
}

/// A method's descriptor without its message types, for listings of every method.
public struct RPCMethodInfo: Sendable, Hashable {
    /// `/package.Service/Method`.
    public let path: String
    /// Unary or server streaming.
    public let kind: RPCMethodKind
    /// The callers the method admits.
    public let allowedCallers: [CallerRule]
    /// The end user's access token the method needs.
    public let requiredScope: RequiredScope
}

extension RPCMethodDescriptor {
    /// The descriptor without its message types.
    public var info: RPCMethodInfo {
        RPCMethodInfo(path: path, kind: kind, allowedCallers: allowedCallers, requiredScope: requiredScope)
    }
}
