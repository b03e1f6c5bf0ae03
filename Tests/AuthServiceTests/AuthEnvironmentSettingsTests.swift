import AuthService
import CEOAuthTokens
import CEOServiceKit
import CEOStorage
import Crypto
import CEOTestSupport
import Foundation
import Testing

@Suite("AuthService settings from the environment")
struct AuthEnvironmentSettingsTests {
    @Test("a signing key is read inline or from a *_FILE path")
    func signingKey() throws {
        let key = Curve25519.Signing.PrivateKey().rawRepresentation
        let inline = try AuthEnvironmentSettings(environment: ["CEO_AUTH_SIGNING_KEY": key.base64URLEncodedString()])
        #expect(inline.signingKey == key)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try (key.base64EncodedString() + "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try AuthEnvironmentSettings(environment: ["CEO_AUTH_SIGNING_KEY_FILE": file.path]).signingKey == key)
        #expect(try AuthEnvironmentSettings(environment: [:]).signingKey == nil)
    }

    @Test("bad settings are named, and the error never repeats the value")
    func badSettings() throws {
        let short = "c2hvcnQtYW5kLXNlY3JldA"
        let error = #expect(throws: AuthSettingsError.self) { try AuthEnvironmentSettings(environment: ["CEO_AUTH_SIGNING_KEY": short]) }
        #expect(error?.description.contains("CEO_AUTH_SIGNING_KEY") == true)
        #expect(error?.description.contains(short) == false)
        let missingFile = #expect(throws: AuthSettingsError.self) {
            try AuthEnvironmentSettings(environment: ["CEO_AUTH_SIGNING_KEY_FILE": "/nonexistent/key"])
        }
        #expect(missingFile?.description.contains("CEO_AUTH_SIGNING_KEY_FILE") == true)
        let noPassword = #expect(throws: AuthSettingsError.self) {
            try AuthEnvironmentSettings(environment: ["CEO_BOOTSTRAP_ADMIN_EMAIL": "a@example.com"])
        }
        #expect(noPassword?.description.contains("CEO_BOOTSTRAP_ADMIN_PASSWORD") == true)
        let admin = try AuthEnvironmentSettings(environment: ["CEO_BOOTSTRAP_ADMIN_EMAIL": "a@example.com", "CEO_BOOTSTRAP_ADMIN_PASSWORD": "long-enough-secret"])
        #expect(admin.bootstrapAdmin?.email == "a@example.com")
    }

    @Test("CEO_AUTH_DATABASE_URL selects PostgreSQL; empty keeps SQLite; a bad URL is named without its password")
    func databaseURL() throws {
        #expect(try AuthEnvironmentSettings(environment: [:]).database == nil)
        #expect(try AuthEnvironmentSettings(environment: ["CEO_AUTH_DATABASE_URL": " "]).database == nil)
        let settings = try AuthEnvironmentSettings(environment: [
            "CEO_AUTH_DATABASE_URL": "postgres://ceo:pw@db.internal:6543/ceo_auth?sslmode=require&pool_size=4",
        ])
        #expect(settings.database?.host == "db.internal")
        #expect(settings.database?.port == 6543)
        #expect(settings.database?.database == "ceo_auth")
        #expect(settings.database?.poolSize == 4)
        for bad in ["mysql://ceo:hunter2-secret@db/ceo", "postgres://ceo:hunter2-secret@db/ceo?sslmode=maybe", "postgres://ceo:hunter2-secret@db/"] {
            let error = #expect(throws: AuthSettingsError.self) { try AuthEnvironmentSettings(environment: ["CEO_AUTH_DATABASE_URL": bad]) }
            #expect(error?.description.hasPrefix("CEO_AUTH_DATABASE_URL") == true)
            #expect(error?.description.contains("hunter2-secret") == false)
        }
        // As a container secret: the URL in a file; production wants verified TLS.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("auth-database-url-\(UUID().uuidString)")
        try "postgres://ceo:pw@db.internal/ceo_auth?sslmode=require\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try AuthEnvironmentSettings(environment: ["CEO_AUTH_DATABASE_URL_FILE": file.path])
        #expect(fromFile.database?.database == "ceo_auth")
        #expect(fromFile.review().problems.contains { $0.contains("sslmode=verify-full") })
    }
}
