import HTTPTypes
import CEOAuthTokens
import CEORPC

extension CallOptions {
    /// Options of a call from the edge to an internal service on behalf of a caller:
    /// the request id, and the caller's access token when there is one.
    static func onBehalf(of token: String?, requestID: String, timeout: Duration? = .seconds(15)) -> CallOptions {
        var metadata: RPCMetadata = ["x-request-id": requestID]
        if let token { metadata["authorization"] = "Bearer \(token)" }
        return CallOptions(timeout: timeout, metadata: metadata)
    }
}

extension EdgeRequestContext {
    /// Call options carrying this request's id and, when authenticated, the caller's token.
    func callOptions(timeout: Duration = .seconds(15)) -> CallOptions {
        .onBehalf(of: caller?.accessToken, requestID: requestID, timeout: timeout)
    }
}

extension EdgeRequestContext {
    /// 403 unless the caller is an admin.
    func requireAdmin(_ message: String = "this route is for admins") throws {
        guard caller?.principal.isAdmin == true else { throw EdgeError(.forbidden, message) }
    }
}
