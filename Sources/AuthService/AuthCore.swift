public import CEOAuthTokens
public import CEOStorage
public import Foundation
public import Logging

/// AuthService's rules over its database and keyring. The RPC layer
/// (``AuthRPCService``) translates requests to these calls; the extensions in
/// Users/, Sessions/ and APIKeys/ hold one concern each.
public struct AuthCore: Sendable {
    public let database: AuthDatabase
    public let keyring: SigningKeyring
    public let configuration: AuthConfiguration
    public let clock: AuthClock
    let hasher: PasswordHasher
    let logger: Logger
    /// A hash of a random password with the current parameters: checked for logins
    /// of unknown emails so they cost what a wrong password costs.
    let decoyPasswordHash: String

    /// Opens the SQLite database and the keyring file under `directory` (created when
    /// missing): a single AuthService process.
    public static func open(
        directory: URL, configuration: AuthConfiguration = AuthConfiguration(), clock: AuthClock = .system, logger: Logger
    ) async throws -> AuthCore {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try AuthDatabase(path: directory.appendingPathComponent("auth.sqlite").path)
        let keyring = try SigningKeyring(
            file: directory.appendingPathComponent("signing-keys.json"),
            secretKey: configuration.signingKeySecret,
            publicationAfterRetirement: configuration.longestAccessTokenLifetime,
            rotationInterval: configuration.signingKeyRotation,
            clock: clock,
            logger: logger
        )
        return try await open(database: database, keyring: keyring, configuration: configuration, clock: clock, logger: logger)
    }

    /// Opens the PostgreSQL database of `settings`, which this process shares with the
    /// service's other replicas, signing keys included.
    public static func open(
        postgres settings: PostgresSettings, configuration: AuthConfiguration = AuthConfiguration(), clock: AuthClock = .system,
        logger: Logger
    ) async throws -> AuthCore {
        let database = try await AuthDatabase.open(postgres: settings, logger: logger)
        do {
            let keyring = try SigningKeyring(
                database: database,
                secretKey: configuration.signingKeySecret,
                // Another replica may sign with a retired key until it reloads the keys.
                publicationAfterRetirement: configuration.longestAccessTokenLifetime + configuration.signingKeyReloadInterval,
                rotationInterval: configuration.signingKeyRotation,
                reloadInterval: configuration.signingKeyReloadInterval,
                clock: clock,
                logger: logger
            )
            return try await open(database: database, keyring: keyring, configuration: configuration, clock: clock, logger: logger)
        } catch {
            try? await database.close()
            throw error
        }
    }

    private static func open(
        database: AuthDatabase, keyring: SigningKeyring, configuration: AuthConfiguration, clock: AuthClock, logger: Logger
    ) async throws -> AuthCore {
        try await keyring.load()
        let hasher = PasswordHasher(parameters: configuration.passwordHashing)
        return AuthCore(
            database: database, keyring: keyring, configuration: configuration, clock: clock, hasher: hasher,
            logger: logger, decoyPasswordHash: try await hasher.hash(SecureRandom.token())
        )
    }

    /// A verifier of this service's own tokens, reading keys from the keyring directly.
    public func makeVerifier(verifiedTokenCacheCapacity: Int = 10_000) -> AccessTokenVerifier {
        AccessTokenVerifier(
            source: LocalSigningKeySource(keyring: keyring),
            revocations: LocalRevocationSource(core: self),
            configuration: AccessTokenVerifier.Configuration(minimumRefreshInterval: .zero, verifiedTokenCacheCapacity: verifiedTokenCacheCapacity),
            now: { [clock] in clock.now() },
            logger: logger
        )
    }
}
