public import CEORPC

extension ServerContext {
    /// The end user of the call, verified by ``AccessTokenAuthorizer`` before the handler ran.
    ///
    /// - Throws: INTERNAL when the method declares no required scope (its calls carry no
    ///   principal) or its service's authorizer is not an ``AccessTokenAuthorizer``: a
    ///   programming error, never the caller's.
    public var authPrincipal: AuthPrincipal {
        get throws {
            guard let principal = principal as? AuthPrincipal else {
                throw RPCError(.internal, "\(method) has no verified principal; declare its (ceo.rpc.v1.required_scope)")
            }
            return principal
        }
    }
}
