public import SwiftProtobuf

/// Whether a method answers once or streams.
public enum RPCMethodKind: Sendable, Hashable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses.
    case serverStreaming
}

/// A typed method of a service: its path, kind, message types and who may call it.
///
/// Generated from `Protos/` by `scripts/generate_method_descriptors.py`.
public struct RPCMethodDescriptor<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>: Sendable {
    /// `/package.Service/Method`.
    public let path: String
    public let kind: RPCMethodKind
    /// The callers the method admits; others get PERMISSION_DENIED.
    public let allowedCallers: [CallerRule]

    public init(path: String, kind: RPCMethodKind, allowedCallers: [CallerRule]) {
        self.path = path
        self.kind = kind
        self.allowedCallers = allowedCallers
    }

    /// Whether `caller` may call this method.
    public func admits(_ caller: ServiceIdentity?) -> Bool {
        allowedCallers.contains { $0.admits(caller) }
    }
}
