import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOServiceKit
import Crypto
import Foundation
import Logging
import NIOCore

/// Measures AuthService's costs, each beside a baseline from the same run:
/// - the shared verifier's token verifications/s against bare Ed25519 signature checks/s;
/// - the password hash time at the configured strength, and logins/s over mutual-TLS
///   RPC (bounded by that hash);
/// - a login for an unknown email against a wrong password (they must cost the same).
public struct AuthBenchmark: Sendable {
    public let duration: Duration
    public let hashSamples: Int

    public init(duration: Duration, hashSamples: Int = 8) {
        self.duration = duration
        self.hashSamples = hashSamples
    }

    public func run() async throws -> String {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auth-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let core = try await AuthCore.open(directory: directory, logger: logger)
        var lines = ["| measurement | figure | baseline (same run) | ratio |", "|---|---:|---:|---:|"]

        // 1. Verification.
        var register = RegisterRequest()
        register.email = "bench@example.com"
        register.password = "orchard-lantern-velvet-42"
        _ = try await core.register(register)
        var login = LoginRequest()
        login.email = register.email
        login.password = register.password
        let token = try await core.login(login).accessToken
        // In full (no verified-token cache), then a token verified before (the cache).
        let verifier = core.makeVerifier(verifiedTokenCacheCapacity: 0)
        _ = try await verifier.verify(token)
        let verifications = try await rate(workers: 2) { _ = try await verifier.verify(token) }
        let caching = core.makeVerifier()
        _ = try await caching.verify(token)
        let cached = try await rate(workers: 2) { _ = try await caching.verify(token) }
        let parts = token.split(separator: ".")
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        let signature = Data(base64URLEncoded: parts[2])!
        let publicKey = Curve25519.Signing.PrivateKey().publicKey
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: publicKey.rawRepresentation)
        let bare = try await rate(workers: 2) { _ = key.isValidSignature(signature, for: signed) }
        lines.append("| token verifications/s (shared verifier, 2 tasks) | \(Self.number(verifications)) | \(Self.number(bare)) bare Ed25519 checks/s | \(String(format: "%.2f", verifications / bare)) |")
        lines.append("| a token verified before, from the verifier's cache (2 tasks) | \(Self.number(cached)) | \(Self.number(verifications)) verified in full | \(String(format: "%.1f", cached / verifications)) |")

        // 2. Hash time and logins/s over mutual-TLS RPC.
        let hasher = PasswordHasher(parameters: core.configuration.passwordHashing)
        var hashTimes: [Double] = []
        for _ in 0..<hashSamples {
            let start = ContinuousClock.now
            _ = try await hasher.hash("a benchmark password")
            hashTimes.append((ContinuousClock.now - start).timeInterval * 1000)
        }
        let hashMedian = Self.median(hashTimes)
        let logins = try await loginsPerSecond(core: core, request: login, logger: logger)
        lines.append("| PBKDF2-SHA256 hash, \(core.configuration.passwordHashing.iterations) iterations (median of \(hashSamples)) | \(String(format: "%.0f ms", hashMedian)) | | |")
        lines.append("| logins/s over mTLS RPC (2 callers) | \(String(format: "%.1f", logins)) | \(String(format: "%.1f", 2000 / hashMedian)) hashes/s on 2 cores | \(String(format: "%.2f", logins / (2000 / hashMedian))) |")

        // 3. Unknown email against wrong password.
        var wrong = login
        wrong.password = "not the password at all"
        var unknown = wrong
        var wrongTimes: [Double] = []
        var unknownTimes: [Double] = []
        for index in 0..<hashSamples {
            unknown.email = "nobody\(index)@example.com"
            wrongTimes.append(try await time { _ = try? await core.login(wrong) })
            unknownTimes.append(try await time { _ = try? await core.login(unknown) })
            if index == 3 { _ = try await core.login(login) }  // a success resets the failure count (no lockout)
        }
        let wrongMedian = Self.median(wrongTimes)
        let unknownMedian = Self.median(unknownTimes)
        lines.append("| login, unknown email (median of \(hashSamples)) | \(String(format: "%.0f ms", unknownMedian)) | \(String(format: "%.0f ms", wrongMedian)) wrong password | \(String(format: "%.2f", unknownMedian / wrongMedian)) |")
        return lines.joined(separator: "\n")
    }

    private func loginsPerSecond(core: AuthCore, request: LoginRequest, logger: Logger) async throws -> Double {
        let ca = try CertificateAuthority(commonName: "benchmark CA")
        return try await LoopbackRPC.withServerAndClient(
            services: [AuthRPCService(core: core)],
            serverSecurity: .mutualTLS(try ca.tlsConfiguration(for: ca.issue(identity: .auth))),
            clientSecurity: .mutualTLS(try ca.tlsConfiguration(for: ca.issue(identity: .edge))),
            logger: logger
        ) { client in
            try await rate(workers: 2) { _ = try await client.unary(AuthServiceRPC.login, request) }
        }
    }

    /// Operations per second of `operation` run by `workers` concurrent tasks for the duration.
    private func rate(workers: Int, _ operation: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        let end = start + duration
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < end {
                        for _ in 0..<16 { try await operation() }
                        count += 16
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / (ContinuousClock.now - start).timeInterval
    }

    private func time(_ operation: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await operation()
        return (ContinuousClock.now - start).timeInterval * 1000
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func number(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? String(Int(value))
    }
}
