import SwiftProtobuf

/// A service served over the internal RPC: it adds its handlers to a router.
public protocol RPCService: Sendable {
    /// Resolves the end user of calls to the service's methods that declare a
    /// ``RequiredScope``, before their handlers run; nil (the default) for services
    /// whose methods serve no end user.
    var authorizer: (any RPCCallAuthorizer)? { get }

    /// Registers the service's handlers.
    func registerMethods(with router: inout RPCRouter)
}

extension RPCService {
    /// No authorizer: every method of the service must declare `required_scope = ""`.
    public var authorizer: (any RPCCallAuthorizer)? { nil }
}

/// The methods a server answers, by path.
public struct RPCRouter: Sendable {
    struct Handler: Sendable {
        let kind: RPCMethodKind
        let allowedCallers: [CallerRule]
        /// Decodes the request, runs the handler, sends responses through `send`.
        let run: @Sendable (_ request: [UInt8], _ context: ServerContext, _ send: @escaping @Sendable ([UInt8]) async throws -> Void) async throws -> Void

        func admits(_ caller: ServiceIdentity?) -> Bool { allowedCallers.contains { $0.admits(caller) } }
    }

    private(set) var handlers: [String: Handler] = [:]

    /// The authorizer of the methods registered from now on: each call of a method whose
    /// ``RequiredScope`` is not ``RequiredScope/none`` gets its principal from it before
    /// the handler runs. ``init(services:)`` sets each service's own.
    public var authorizer: (any RPCCallAuthorizer)?

    /// An empty router, whose methods (registered next) need no authorizer unless one is set.
    public init(authorizer: (any RPCCallAuthorizer)? = nil) {
        self.authorizer = authorizer
    }

    /// A router with every method of the given services, each authorized by its service's
    /// ``RPCService/authorizer``.
    public init(services: [any RPCService]) {
        for service in services {
            authorizer = service.authorizer
            service.registerMethods(with: &self)
        }
        authorizer = nil
    }

    /// Every method path the router serves.
    public var methodPaths: [String] { handlers.keys.sorted() }

    /// Serves a unary method.
    public mutating func register<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>,
        handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        precondition(method.kind == .unary, "\(method.path) is not unary")
        let authorization = authorization(of: method)
        handlers[method.path] = Handler(kind: .unary, allowedCallers: method.allowedCallers) { bytes, context, send in
            let request = try Self.decode(Request.self, bytes)
            let response = try await authorization.run(context) { context in try await handler(request, context) }
            try await send(try response.serializedBytes())
        }
    }

    /// Serves a server-streaming method.
    public mutating func register<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>,
        handler: @escaping @Sendable (Request, ServerStreamWriter<Response>, ServerContext) async throws -> Void
    ) {
        precondition(method.kind == .serverStreaming, "\(method.path) is not server streaming")
        let authorization = authorization(of: method)
        handlers[method.path] = Handler(kind: .serverStreaming, allowedCallers: method.allowedCallers) { bytes, context, send in
            let request = try Self.decode(Request.self, bytes)
            try await authorization.run(context) { context in
                try await handler(request, ServerStreamWriter(sendBytes: send), context)
            }
        }
    }

    /// The method's authorization step; a method that needs an end user cannot be served
    /// without an authorizer (a programming error, caught when the server is built).
    private func authorization<Request, Response>(of method: RPCMethodDescriptor<Request, Response>) -> MethodAuthorization {
        precondition(
            !method.requiredScope.needsPrincipal || authorizer != nil,
            "\(method.path) requires the scope '\(method.requiredScope)' but its service gives the router no authorizer"
        )
        return MethodAuthorization(requirement: method.requiredScope, authorizer: authorizer)
    }

    private static func decode<Request: SwiftProtobuf.Message>(_ type: Request.Type, _ bytes: [UInt8]) throws -> Request {
        do {
            return try Request(serializedBytes: bytes)
        } catch {
            throw RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName) message")
        }
    }
}
