import SwiftProtobuf

/// A service served over the internal RPC: it adds its handlers to a router.
public protocol RPCService: Sendable {
    func registerMethods(with router: inout RPCRouter)
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

    public init() {}

    /// A router with every method of the given services.
    public init(services: [any RPCService]) {
        for service in services { service.registerMethods(with: &self) }
    }

    /// Every method path the router serves.
    public var methodPaths: [String] { handlers.keys.sorted() }

    /// Serves a unary method.
    public mutating func register<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>,
        handler: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) {
        precondition(method.kind == .unary, "\(method.path) is not unary")
        handlers[method.path] = Handler(kind: .unary, allowedCallers: method.allowedCallers) { bytes, context, send in
            let request = try Self.decode(Request.self, bytes)
            let response = try await handler(request, context)
            try await send(try response.serializedBytes())
        }
    }

    /// Serves a server-streaming method.
    public mutating func register<Request, Response>(
        _ method: RPCMethodDescriptor<Request, Response>,
        handler: @escaping @Sendable (Request, ServerStreamWriter<Response>, ServerContext) async throws -> Void
    ) {
        precondition(method.kind == .serverStreaming, "\(method.path) is not server streaming")
        handlers[method.path] = Handler(kind: .serverStreaming, allowedCallers: method.allowedCallers) { bytes, context, send in
            let request = try Self.decode(Request.self, bytes)
            try await handler(request, ServerStreamWriter(sendBytes: send), context)
        }
    }

    private static func decode<Request: SwiftProtobuf.Message>(_ type: Request.Type, _ bytes: [UInt8]) throws -> Request {
        do {
            return try Request(serializedBytes: bytes)
        } catch {
            throw RPCError(.invalidArgument, "request is not a valid \(Request.protoMessageName) message")
        }
    }
}
