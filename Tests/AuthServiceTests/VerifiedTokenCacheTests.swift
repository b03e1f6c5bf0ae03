import AuthService
import CEOAPI
import CEOAuthTokens
import CEORPC
import CEOTestSupport
import Crypto
import Foundation
import Synchronization
import Testing

/// The verifier remembers tokens it has verified (issue 21), and must never let that
/// memory outlive a revocation, a disabled user, a revoked API key or a rotated key.
@Suite("The verified-token cache: fast, bounded, and never outliving a revocation")
struct VerifiedTokenCacheTests {
    @Test("a token verified once is answered from the cache until it expires, without fetching the keys again")
    func hitsUntilExpiry() async throws {
        let clock = ManualClock()
        let key = Curve25519.Signing.PrivateKey()
        let source = PublishedKeys([("k-1", key)])
        let verifier = AccessTokenVerifier(source: source, now: { clock.now })
        let token = try TokenForger(kid: "k-1", userID: "u-7", now: clock.now, lifetime: 60).signed(with: key)
        #expect(try await verifier.verify(token).userID == "u-7")
        #expect(verifier.verifiedTokenCount == 1)
        // Withdrawn from the source but not refetched: only the cache can still answer.
        source.publish([])
        #expect(try await verifier.verify(token).userID == "u-7")
        #expect(await verifier.fetchCount == 1)
        // Past its expiry (and the 5 s leeway) the cache does not answer for it.
        clock.advance(by: .seconds(66))
        await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(token) }
        #expect(verifier.verifiedTokenCount == 0)
    }

    @Test("the remembered principal (the edge's path that does not suspend) answers only for tokens verified before, until they are forgotten")
    func rememberedPrincipal() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let verifier = AccessTokenVerifier(source: PublishedKeys([("k-1", key)]))
        let token = try TokenForger(kid: "k-1", userID: "u-9", now: Date()).signed(with: key)
        #expect(try verifier.rememberedPrincipal(of: token) == nil)
        #expect(try await verifier.verify(token).userID == "u-9")
        #expect(try verifier.rememberedPrincipal(of: token)?.userID == "u-9")
        verifier.forgetVerifiedTokens()
        #expect(try verifier.rememberedPrincipal(of: token) == nil)
    }

    @Test("a token with a cached token's length and signature but another payload is not answered from the cache, and is refused")
    func forgedPayloadMissesTheCache() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let verifier = AccessTokenVerifier(source: PublishedKeys([("k-1", key)]))
        let token = try TokenForger(kid: "k-1", userID: "u-1", now: Date()).signed(with: key)
        _ = try await verifier.verify(token)
        // The cache hashes a token by its length and last 32 bytes: this one shares both.
        var bytes = Array(token.utf8)
        let payload = bytes.firstIndex(of: UInt8(ascii: "."))! + 3
        bytes[payload] = bytes[payload] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let forged = String(decoding: bytes, as: UTF8.self)
        #expect(forged != token && forged.utf8.count == token.utf8.count && forged.suffix(32) == token.suffix(32))
        #expect(try verifier.rememberedPrincipal(of: forged) == nil)
        await #expect(throws: AccessTokenRejection.self) { try await verifier.verify(forged) }
        #expect(try verifier.rememberedPrincipal(of: token)?.userID == "u-1")
    }

    @Test("a rotated signing key empties the cache: a token of the withdrawn key is refused at once")
    func rotationEmptiesTheCache() async throws {
        let old = Curve25519.Signing.PrivateKey(), new = Curve25519.Signing.PrivateKey()
        let source = PublishedKeys([("k-old", old)])
        let verifier = AccessTokenVerifier(source: source)
        let token = try TokenForger(kid: "k-old", now: Date()).signed(with: old)
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)
        #expect(verifier.verifiedTokenCount == 1)

        source.publish([("k-new", new)])
        try await verifier.refresh()
        #expect(verifier.verifiedTokenCount == 0)
        do throws(AccessTokenRejection) {
            _ = try await verifier.verify(token)
            Issue.record("a token of a withdrawn key was accepted")
        } catch {
            #expect(error.reason == .unknownKey, "\(error)")
        }
        #expect(try await verifier.verify(try TokenForger(kid: "k-new", now: Date()).signed(with: new)).userID == "u-1")
    }

    @Test("the cache holds at most its capacity of tokens")
    func bounded() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let verifier = AccessTokenVerifier(
            source: PublishedKeys([("k", key)]), configuration: AccessTokenVerifier.Configuration(verifiedTokenCacheCapacity: 3)
        )
        for index in 0..<10 {
            _ = try await verifier.verify(try TokenForger(kid: "k", userID: "u-\(index)", now: Date()).signed(with: key))
            #expect(verifier.verifiedTokenCount <= 3)
        }
        #expect(verifier.verifiedTokenCount > 0)
        let none = AccessTokenVerifier(source: PublishedKeys([("k", key)]), configuration: AccessTokenVerifier.Configuration(verifiedTokenCacheCapacity: 0))
        _ = try await none.verify(try TokenForger(kid: "k", now: Date()).signed(with: key))
        #expect(none.verifiedTokenCount == 0)
    }

    @Test("a disabled user's cached tokens, from a login and from an API key, are refused as soon as the list is fetched", arguments: StoreBackend.available)
    func disabledUser(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, core in
            let admin = try await adminSession(client, core)
            let user = try await client.signUp("cached@example.com")
            let key = try await client.createKey("ci", as: user.accessToken)
            let keyToken = try await client.exchange(key.secret).accessToken
            let verifier = client.verifier()
            for token in [user.accessToken, keyToken, user.accessToken, keyToken, admin.accessToken] {
                _ = try await verifier.verify(token)
            }
            #expect(verifier.verifiedTokenCount == 3)
            #expect(try verifier.rememberedPrincipal(of: keyToken)?.userID == user.user.id)

            var disable = UpdateUserRequest()
            disable.userID = user.user.id
            disable.disabled = true
            _ = try await client.call(AuthServiceRPC.updateUser, disable, as: admin.accessToken)
            try await verifier.refreshRevocations()
            for token in [user.accessToken, keyToken] {
                // The path that does not suspend no longer answers for them (the changed
                // list emptied the cache), so only the full check can, which refuses them.
                #expect((try? verifier.rememberedPrincipal(of: token)) == nil)
                do throws(AccessTokenRejection) {
                    _ = try await verifier.verify(token)
                    Issue.record("a disabled user's cached token was accepted")
                } catch {
                    #expect(error.reason == .revoked, "\(error)")
                }
            }
            #expect(try await verifier.verify(admin.accessToken).userID == admin.user.id)
        }
    }

    @Test("a logout reaches a verifier that is not told: a cached token stops once the list is refreshed in the background", arguments: StoreBackend.available)
    func backgroundRefreshFromHits(backend: StoreBackend) async throws {
        let env = try await AuthTestEnvironment(backend)
        defer { env.cleanUp() }
        try await env.withService { client, _ in
            let session = try await client.signUp("hits@example.com")
            let verifier = client.verifier()
            _ = try await verifier.verify(session.accessToken)
            _ = try await verifier.verify(session.accessToken)
            let fetches = await verifier.revocationFetchCount
            try await client.logout(session.refreshToken)
            // Only cache hits from here: one of them, once the list is older than its
            // refresh interval, starts the fetch that stops the token.
            client.clock.advance(by: .seconds(3))
            #expect(try await becomesRefused(session.accessToken, by: verifier), "the cache kept accepting a token of an ended session")
            #expect(await verifier.revocationFetchCount == fetches + 1)
        }
    }
}

/// Signing keys a test publishes and withdraws, as AuthService's `GetSigningKeys` would.
final class PublishedKeys: SigningKeySource {
    private let keys: Mutex<[(kid: String, key: Curve25519.Signing.PrivateKey)]>

    init(_ keys: [(String, Curve25519.Signing.PrivateKey)]) { self.keys = Mutex(keys.map { ($0.0, $0.1) }) }

    func publish(_ keys: [(String, Curve25519.Signing.PrivateKey)]) { self.keys.withLock { $0 = keys.map { ($0.0, $0.1) } } }

    func signingKeys() async throws -> SigningKeys {
        var published = SigningKeys()
        published.keys = keys.withLock { $0 }.map { kid, key in
            var signingKey = SigningKey()
            signingKey.keyID = kid
            signingKey.algorithm = "EdDSA"
            signingKey.jwkJson = #"{"kty":"OKP","crv":"Ed25519","kid":"\#(kid)","alg":"EdDSA","x":"\#(key.publicKey.rawRepresentation.base64URLEncodedString())"}"#
            return signingKey
        }
        return published
    }
}
