public import CEORPC

/// The end user's access token in call metadata: `authorization: Bearer <jwt>`,
/// as the edge forwards it.
public enum BearerCredentials {
    public static let metadataKey = "authorization"

    /// Metadata that carries `token`.
    public static func metadata(_ token: String) -> RPCMetadata {
        [metadataKey: "Bearer \(token)"]
    }

    /// The token in `metadata`; UNAUTHENTICATED when it is missing or not a bearer token.
    public static func token(in metadata: RPCMetadata) throws -> String {
        guard let value = metadata[metadataKey] else {
            throw RPCError(.unauthenticated, "missing credentials: the call needs 'authorization: Bearer <access token>'")
        }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw RPCError(.unauthenticated, "malformed credentials: expected 'authorization: Bearer <access token>'")
        }
        return String(parts[1])
    }
}
