/// Where the keyring keeps its keys between starts, and how it changes them: a file in
/// the data folder (``SigningKeyFile``, one process) or the database that the replicas
/// share (``DatabaseSigningKeyStore``).
protocol SigningKeyStore: Sendable {
    /// The stored keys, oldest first.
    func load() async throws -> [SigningKeyMaterial]

    /// Reads the stored keys, hands them to `change` and stores what it returns — under
    /// the store's lock, so that processes sharing the store change it one at a time and
    /// each change starts from the keys the previous one left. `change` may run more
    /// than once (a database transaction run again) and must have no other effect.
    func update(_ change: @escaping @Sendable ([SigningKeyMaterial]) throws -> SigningKeyUpdate) async throws -> SigningKeyUpdate
}

/// The keys after a change, and why the active key changed (nil when it did not).
struct SigningKeyUpdate: Sendable {
    var keys: [SigningKeyMaterial]
    var reason: String?
}
