import Foundation
public import NIOSSL

/// Where a service's PostgreSQL database is and how to reach it, from a URL such as
/// `postgres://ceo:secret@db.internal:5432/ceo_orchestrator?sslmode=verify-full&sslrootcert=/etc/ceo/db-ca.pem`.
///
/// `sslmode` is `disable`, `require` (encrypted, certificate not checked) or
/// `verify-full` (the default: the server's certificate chains to `sslrootcert`, or to
/// the system's roots, and names the host). `pool_size` (default 10) caps the
/// connections, and the transactions running at once.
public struct PostgresSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, require, verifyFull = "verify-full" }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode
    public var rootCertificatePath: String?
    public var poolSize: Int

    /// Parses `url`; each error names the part of the URL that is wrong (never the password).
    public init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw SettingsError("the database URL must start with postgres:// (got \(Self.redacted(url)))")
        }
        guard let host = components.host, !host.isEmpty else { throw SettingsError("the database URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw SettingsError("the database URL names no user") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw SettingsError("the database URL names no database (postgres://user@host/DATABASE)") }
        self.host = host
        port = components.port ?? 5432
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        var mode = TLSMode.verifyFull
        var rootCertificate: String?
        var pool = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let parsed = TLSMode(rawValue: value) else {
                    throw SettingsError("sslmode in the database URL must be disable, require or verify-full (got \(item.value ?? ""))")
                }
                mode = parsed
            case "sslrootcert":
                rootCertificate = item.value
            case "pool_size":
                guard let value = item.value.flatMap(Int.init), (1...200).contains(value) else {
                    throw SettingsError("pool_size in the database URL must be a whole number from 1 to 200 (got \(item.value ?? ""))")
                }
                pool = value
            default:
                throw SettingsError("the database URL has an unknown parameter \(item.name) (known: sslmode, sslrootcert, pool_size)")
            }
        }
        tlsMode = mode
        rootCertificatePath = rootCertificate
        poolSize = pool
    }

    /// Parses `url`, the value of the setting `name`: errors name the setting.
    public init(url: String, setting name: String) throws {
        do {
            try self.init(url: url)
        } catch {
            throw SettingsError("\(name): \(error)")
        }
    }

    /// The TLS configuration toward the server; nil when `sslmode=disable`.
    public func tlsConfiguration() throws -> TLSConfiguration? {
        switch tlsMode {
        case .disable:
            return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            if let rootCertificatePath {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificatePath))
            }
            return configuration
        }
    }

    /// The URL with its password replaced, for logs and errors.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }

    /// A wrong database URL.
    public struct SettingsError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
