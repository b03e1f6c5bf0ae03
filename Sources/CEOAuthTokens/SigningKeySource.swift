public import CEOAPI
public import CEORPC

/// Where a verifier gets the public keys that sign access tokens.
public protocol SigningKeySource: Sendable {
    func signingKeys() async throws -> SigningKeys
}

/// The keys from AuthService's `GetSigningKeys`, over the internal RPC.
public struct RemoteSigningKeySource: SigningKeySource {
    private let client: RPCClient
    private let timeout: Duration

    public init(client: RPCClient, timeout: Duration = .seconds(5)) {
        self.client = client
        self.timeout = timeout
    }

    public func signingKeys() async throws -> SigningKeys {
        try await client.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest(), options: CallOptions(timeout: timeout))
    }
}
