public import CEOAPI
public import CEORPC

/// Where a verifier gets the public keys that sign access tokens.
public protocol SigningKeySource: Sendable {
    func signingKeys() async throws -> SigningKeys
}

/// Where a verifier gets the list of revoked access tokens (sessions that ended, users
/// whose tokens were revoked up to a time).
public protocol RevocationSource: Sendable {
    func revocations() async throws -> Revocations
}

/// The keys from AuthService's `GetSigningKeys` and the revocations from its
/// `GetRevocations`, over the internal RPC.
public struct RemoteSigningKeySource: SigningKeySource, RevocationSource {
    private let client: RPCClient
    private let timeout: Duration

    public init(client: RPCClient, timeout: Duration = .seconds(5)) {
        self.client = client
        self.timeout = timeout
    }

    public func signingKeys() async throws -> SigningKeys {
        try await client.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest(), options: CallOptions(timeout: timeout))
    }

    public func revocations() async throws -> Revocations {
        try await client.unary(AuthServiceRPC.getRevocations, GetRevocationsRequest(), options: CallOptions(timeout: timeout))
    }
}
