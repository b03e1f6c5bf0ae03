import AuthService
import CEOAPI
import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation

/// AuthService pieces the orchestrator tests share: a core with cheap hashing, accounts
/// made over RPC, and the development PKI's certificates.
enum TestAccounts {
    static let password = "plum-orchard-lantern-42"

    /// AuthService's core in `directory`, hashing with 1,000 iterations (the default
    /// strength is tested on its own).
    static func openCore(_ directory: URL) async throws -> AuthCore {
        var configuration = AuthConfiguration()
        configuration.passwordHashing = PasswordHasher.Parameters(iterations: 1_000)
        return try await AuthCore.open(directory: directory, configuration: configuration, logger: TestHarness.logger)
    }

    /// Registers `email` through `auth` (as the edge) and signs in; the access token.
    static func signUp(_ email: String, through auth: RPCClient) async throws -> String {
        var register = RegisterRequest()
        register.email = email
        register.password = password
        _ = try await auth.unary(AuthServiceRPC.register, register)
        return try await login(email, through: auth)
    }

    /// Signs `email` in through `auth`; the access token.
    static func login(_ email: String, through auth: RPCClient) async throws -> String {
        var login = LoginRequest()
        login.email = email
        login.password = password
        login.clientIp = "203.0.113.9"
        return try await auth.unary(AuthServiceRPC.login, login).accessToken
    }
}

extension DevelopmentPKI {
    /// The mutual-TLS files of `identity`, loaded.
    func tls(_ identity: ServiceIdentity) throws -> MutualTLSConfiguration {
        try MutualTLSConfiguration(certificatePath: certificatePath(for: identity), privateKeyPath: privateKeyPath(for: identity), caPath: caCertificatePath)
    }
}
