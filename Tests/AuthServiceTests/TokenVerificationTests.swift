import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Crypto
import Foundation
import Testing

@Suite("Access-token verification")
struct TokenVerificationTests {
    @Test("valid, expired, tampered, alg none, wrong algorithm, wrong key, unknown kid, future nbf", arguments: StoreBackend.available)
    func verification(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let pair = try await client.signUp("v@example.com")
            let verifier = client.verifier()
            #expect(try await verifier.verify(pair.accessToken).userID == pair.user.id)
            let (kid, key) = try await activeSigningKey(of: core, in: env)

            func reason(_ token: String) async -> AccessTokenRejection.Reason? {
                do {
                    _ = try await verifier.verify(token)
                    return nil
                } catch {
                    return error.reason
                }
            }

            // A forged token signed with the real key verifies (the forger itself is sound)…
            #expect(await reason(try TokenForger(kid: kid, now: env.clock.now).signed(with: key)) == nil)
            // …and every deviation is refused for its own reason.
            var tampered = pair.accessToken.split(separator: ".").map(String.init)
            var claims = try JSONSerialization.jsonObject(with: try #require(Data(base64URLEncoded: tampered[1]))) as! [String: Any]
            claims["role"] = "admin"
            tampered[1] = try JSONSerialization.data(withJSONObject: claims).base64URLEncodedString()
            #expect(await reason(tampered.joined(separator: ".")) == .badSignature)
            #expect(await reason(TokenForger(kid: kid, alg: "none", now: env.clock.now).unsigned) == .algorithmNotAccepted)
            #expect(await reason(TokenForger(kid: kid, alg: "HS256", now: env.clock.now).hmacSigned(secret: kid)) == .algorithmNotAccepted)
            #expect(await reason(try TokenForger(kid: kid, alg: "ES256", now: env.clock.now).signed(with: key)) == .algorithmNotAccepted)
            #expect(await reason(try TokenForger(kid: kid, now: env.clock.now).signed(with: Curve25519.Signing.PrivateKey())) == .badSignature)
            #expect(await reason(try TokenForger(kid: "made-up", now: env.clock.now).signed(with: key)) == .unknownKey)
            var noKid = TokenForger(kid: kid, now: env.clock.now)
            noKid.header["kid"] = nil
            #expect(await reason(try noKid.signed(with: key)) == .unknownKey)
            #expect(await reason(try TokenForger(kid: kid, now: env.clock.now.addingTimeInterval(300)).signed(with: key)) == .notYetValid)
            var otherIssuer = TokenForger(kid: kid, now: env.clock.now)
            otherIssuer.claims["iss"] = "someone-else"
            #expect(await reason(try otherIssuer.signed(with: key)) == .wrongIssuer)
            var otherAudience = TokenForger(kid: kid, now: env.clock.now)
            otherAudience.claims["aud"] = ["elsewhere"]
            #expect(await reason(try otherAudience.signed(with: key)) == .wrongAudience)
            #expect(await reason("not-a-token") == .malformed)
            #expect(await reason("a.b.c") == .malformed)

            // Expiry: 15 minutes, plus the verifier's 5 s leeway.
            env.clock.advance(by: .seconds(15 * 60 + 4))
            #expect(await reason(pair.accessToken) == nil)
            env.clock.advance(by: .seconds(2))
            #expect(await reason(pair.accessToken) == .expired)
            // The service refuses it too, with UNAUTHENTICATED.
            let error = await rpcError { try await client.call(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest(), as: pair.accessToken) }
            #expect(error?.code == .unauthenticated)
            #expect(error?.message.contains("expired") == true)
            #expect(await rpcError { try await client.rpc.unary(AuthServiceRPC.getCurrentUser, GetCurrentUserRequest()) }?.code == .unauthenticated)
        }
    }

    @Test("a fresh verifier facing many concurrent tokens fetches the keys once and accepts them all", arguments: StoreBackend.available)
    func concurrentFirstVerifications(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let pair = try await client.signUp("c@example.com")
            let verifier = client.verifier()
            let accepted = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await verifier.verify(pair.accessToken).userID } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(accepted == Array(repeating: pair.user.id, count: 20))
            #expect(await verifier.fetchCount == 1)
        }
    }

    @Test("the keyring file is private and holds the only copy of the private key")
    func keyFilePermissions() async throws {
        let env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let path = env.directory.appendingPathComponent("signing-keys.json").path
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let published = try await client.rpc.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest())
            #expect(published.jwksJson.contains(#""kty":"OKP""#))
            #expect(!published.jwksJson.contains(#""d":"#))
            let (_, key) = try activeSigningKey(in: env.directory)
            #expect(!published.jwksJson.contains(key.rawRepresentation.base64URLEncodedString()))
        }
    }

    @Test("rotation: new tokens use the new key, old tokens verify until they expire, then the old key is withdrawn", arguments: StoreBackend.available)
    func rotation(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            let before = try await client.signUp("r@example.com")
            let verifier = client.verifier(minimumRefreshInterval: .seconds(10))
            _ = try await verifier.verify(before.accessToken)
            #expect(await verifier.fetchCount == 1)

            let rotated = try await client.call(AuthServiceRPC.rotateSigningKey, RotateSigningKeyRequest(), as: admin.accessToken)
            #expect(rotated.keys.count == 2)
            let oldKey = try #require(rotated.keys.first { $0.notAfterUnixMs != 0 })
            // On PostgreSQL a retired key stays published longer by the keyring's reload
            // interval: another replica may sign with it until it reloads.
            let reload: Int64 = backend == .postgres ? 5_000 : 0
            #expect(oldKey.notAfterUnixMs == env.clock.now.unixMs + 15 * 60 * 1000 + reload)
            let after = try await client.login("r@example.com")
            #expect(kid(of: after.accessToken) != kid(of: before.accessToken))

            // The new kid is unknown to the verifier, but the refresh floor has not passed.
            #expect(await throwsReason(.unknownKey) { _ = try await verifier.verify(after.accessToken) })
            env.clock.advance(by: .seconds(11))
            _ = try await verifier.verify(after.accessToken)
            _ = try await verifier.verify(before.accessToken)
            #expect(await verifier.fetchCount == 2)
            // Made-up key ids do not cause a fetch each: at most one per floor interval.
            func presentMadeUpKids() async throws {
                for _ in 0..<20 { _ = try? await verifier.verify(try TokenForger(kid: UUID().uuidString, now: env.clock.now).signed(with: .init())) }
            }
            try await presentMadeUpKids()
            #expect(await verifier.fetchCount == 2)
            env.clock.advance(by: .seconds(11))
            try await presentMadeUpKids()
            #expect(await verifier.fetchCount == 3)

            // The rotation was audited.
            #expect(try await client.audit(type: .signingKeyRotated, as: admin.accessToken).count == 1)

            // Once every token the old key signed has expired, it is no longer published.
            env.clock.advance(by: .seconds(15 * 60))
            let later = try await client.rpc.unary(AuthServiceRPC.getSigningKeys, GetSigningKeysRequest())
            #expect(later.keys.map(\.keyID) == [kid(of: after.accessToken)])
        }
    }

    @Test("users cannot rotate keys", arguments: StoreBackend.available)
    func rotationIsAdminOnly(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let user = try await client.signUp("u@example.com")
            #expect(await rpcError { try await client.call(AuthServiceRPC.rotateSigningKey, RotateSigningKeyRequest(), as: user.accessToken) }?.code == .permissionDenied)
        }
    }

    @Test("a signing key from a secret is used and never written to disk")
    func secretKey() async throws {
        var env = try await AuthTestEnvironment()
        defer { env.cleanUp() }
        let secret = Curve25519.Signing.PrivateKey()
        env.configuration.signingKeySecret = secret.rawRepresentation
        try await env.withService { client, _ in
            let pair = try await client.signUp("s@example.com")
            #expect(try await client.verifier().verify(pair.accessToken).userID == pair.user.id)
            let file = try String(contentsOf: env.directory.appendingPathComponent("signing-keys.json"), encoding: .utf8)
            #expect(!file.contains(secret.rawRepresentation.base64URLEncodedString()))
            #expect(file.contains(secret.publicKey.rawRepresentation.base64URLEncodedString()))
        }
    }
}

func kid(of token: String) -> String? {
    let header = token.split(separator: ".").first.flatMap { Data(base64URLEncoded: $0) }
    return header.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["kid"] as? String
}

func throwsReason(_ expected: AccessTokenRejection.Reason, _ operation: () async throws -> Void) async -> Bool {
    do {
        try await operation()
        return false
    } catch let error as AccessTokenRejection {
        return error.reason == expected
    } catch {
        return false
    }
}

extension Date {
    var unixMs: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
