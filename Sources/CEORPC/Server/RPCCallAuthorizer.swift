/// Resolves the end user of a call once, before its handler runs: the RPC's
/// counterpart of a grpc-swift-2 `ServerInterceptor` that authenticates.
///
/// A service that has methods with a ``RequiredScope`` other than ``RequiredScope/none``
/// gives the router an authorizer (``RPCService/authorizer``). For each call of such a
/// method the router calls ``principal(for:context:)`` after decoding the request and
/// before the handler; a thrown ``RPCError`` (or ``RPCErrorConvertible``) ends the call
/// and the handler does not run. The handler reads the principal from
/// ``ServerContext/principal``.
public protocol RPCCallAuthorizer: Sendable {
    /// The verified principal of the call, when it meets `requirement`.
    ///
    /// - Throws: UNAUTHENTICATED for missing or invalid credentials, PERMISSION_DENIED
    ///   for credentials without the required scope (or another ``RPCError``).
    func principal(for requirement: RequiredScope, context: ServerContext) async throws -> any Sendable
}
