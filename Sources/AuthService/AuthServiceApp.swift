public import CEORPC
import CEOAPI
public import CEOServiceKit
public import CEOStorage
public import Foundation
public import Logging

/// The auth service: users, sessions, tokens, API keys and roles.
public enum AuthServiceApp {
    public static let descriptor = ServiceDescriptor(
        identity: .auth,
        defaultPort: 7101,
        summary: "users, sessions, tokens, API keys and roles"
    )

    /// Where the service keeps its database and signing keys.
    public static func dataDirectory(in root: URL) -> URL { root.appendingPathComponent("auth") }

    /// The RPC services this process serves besides Health: opens the database and
    /// keyring, and bootstraps the first admin when the settings ask for it.
    public static func rpcServices(settings: ServiceSettings, configuration settingsFromEnvironment: AuthEnvironmentSettings, logger: Logger) async throws -> [any RPCService] {
        var configuration = AuthConfiguration()
        configuration.signingKeySecret = settingsFromEnvironment.signingKey
        let core = try await openCore(
            database: settingsFromEnvironment.database, dataDirectory: settings.dataDirectory, configuration: configuration, logger: logger
        )
        if let admin = settingsFromEnvironment.bootstrapAdmin {
            try await core.bootstrapAdminIfNeeded(email: admin.email, password: admin.password.revealed)
        }
        return [AuthRPCService(core: core)]
    }

    /// The service's core on the shared PostgreSQL `database` when there is one, else
    /// on SQLite and the key file in the service's folder under `dataDirectory`.
    public static func openCore(
        database: PostgresSettings?, dataDirectory root: URL, configuration: AuthConfiguration = AuthConfiguration(), logger: Logger
    ) async throws -> AuthCore {
        if let database {
            logger.info("AuthService's database is PostgreSQL", metadata: ["host": "\(database.host)", "database": "\(database.database)"])
            return try await AuthCore.open(postgres: database, configuration: configuration, logger: logger)
        }
        return try await AuthCore.open(directory: dataDirectory(in: root), configuration: configuration, logger: logger)
    }
}

extension AuthCore {
    /// The bootstrap setting: makes the admin unless one exists (then does nothing).
    public func bootstrapAdminIfNeeded(email: String, password: String) async throws {
        do {
            let user = try await bootstrapAdmin(email: email, password: password)
            logger.notice("bootstrapped the first admin", metadata: ["email": "\(user.email)"])
        } catch let error as RPCError where error.code == .failedPrecondition {
            logger.info("an admin exists; the bootstrap admin setting is ignored")
        }
    }
}
