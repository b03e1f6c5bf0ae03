import CEOServiceKit
import CEOTestSupport
import Foundation
import Testing

@Suite("Secrets: never printed, from files, encrypted with the master key")
struct SecretTests {
    @Test("a Secret never shows its value: description, interpolation, debug, dump, reflection, errors")
    func redaction() {
        let secret = Secret("hunter2-plum-orchard")
        struct Settings { var apiKey: Secret; var name = "model" }
        let settings = Settings(apiKey: secret)
        var dumped = ""
        dump(settings, to: &dumped)
        let renderings = ["\(secret)", String(describing: secret), String(reflecting: secret), "\(settings)", String(reflecting: settings), dumped,
                          "\(Mirror(reflecting: secret).children.map { "\($0.value)" })", "\([secret])", "\(Optional(secret) as Any)"]
        for rendering in renderings {
            #expect(!rendering.contains("hunter2"), "\(rendering)")
        }
        #expect(secret.revealed == "hunter2-plum-orchard")
    }

    @Test("encrypt and decrypt round trip; another key, a damaged text or another format is refused without the value")
    func encryption() throws {
        let key = SecretBox.generateMasterKey()
        let box = try SecretBox(masterKey: key)
        let sealed = try box.encrypt(Secret("sk-live-9f8e7d"))
        #expect(sealed.hasPrefix("ceo-secret:v1:") && !sealed.contains("sk-live"))
        #expect(try box.decrypt(sealed).revealed == "sk-live-9f8e7d")
        #expect(try box.encrypt(Secret("sk-live-9f8e7d")) != sealed, "a fresh nonce each time")
        let other = try SecretBox(masterKey: SecretBox.generateMasterKey())
        #expect(throws: ServiceSettingsError.self) { try other.decrypt(sealed) }
        var damaged = Array(sealed)
        damaged[damaged.count - 3] = damaged[damaged.count - 3] == "A" ? "B" : "A"
        #expect(throws: ServiceSettingsError.self) { try box.decrypt(String(damaged)) }
        #expect(throws: ServiceSettingsError.self) { try box.decrypt(sealed.replacingOccurrences(of: "v1", with: "v2")) }
        #expect(throws: ServiceSettingsError.self) { try SecretBox(masterKey: Secret("too-short")) }
    }

    @Test("settings: inline, from a *_FILE, encrypted (decrypted with the process's master key, never the settings file's)")
    func fromSettings() throws {
        let key = SecretBox.generateMasterKey()
        let sealed = try SecretBox(masterKey: key).encrypt(Secret("sk-live-9f8e7d"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try (sealed + "\n").write(to: file, atomically: true, encoding: .utf8)
        let process = ["CEO_MASTER_KEY": key.revealed]
        #expect(try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: ["CEO_MODEL_API_KEY": "plain"], masterKeyEnvironment: [:])?.revealed == "plain")
        #expect(try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: ["CEO_MODEL_API_KEY": sealed], masterKeyEnvironment: process)?.revealed == "sk-live-9f8e7d")
        #expect(try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: ["CEO_MODEL_API_KEY_FILE": file.path], masterKeyEnvironment: process)?.revealed == "sk-live-9f8e7d")
        #expect(try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: [:], masterKeyEnvironment: process) == nil)
        // The key given only in the settings (as a settings file would) does not open it.
        do {
            _ = try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: ["CEO_MODEL_API_KEY": sealed, "CEO_MASTER_KEY": key.revealed], masterKeyEnvironment: [:])
            Issue.record("decrypted with a key from the settings")
        } catch {
            #expect("\(error)" == "CEO_MODEL_API_KEY is encrypted: set CEO_MASTER_KEY or CEO_MASTER_KEY_FILE")
        }
        do {
            _ = try EnvironmentSecrets.secret("CEO_MODEL_API_KEY", in: ["CEO_MODEL_API_KEY": sealed], masterKeyEnvironment: ["CEO_MASTER_KEY": SecretBox.generateMasterKey().revealed])
            Issue.record("decrypted with the wrong key")
        } catch {
            #expect("\(error)".hasPrefix("CEO_MODEL_API_KEY: cannot decrypt") && !"\(error)".contains("sk-live"))
        }
    }

    @Test("ceo secret generate-key and encrypt, then a service starts with the encrypted admin password")
    func commandRoundTrip() async throws {
        let key = try await CEOProcess.run(["secret", "generate-key"], timeout: .seconds(60))
        let masterKey = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.status == 0 && masterKey.count == 43)
        TestArtifacts.recordSecret(masterKey)
        TestArtifacts.recordSecret("plum-orchard-lantern-42")
        let encrypted = try await CEOProcess.run(["secret", "encrypt"], environment: ["CEO_MASTER_KEY": masterKey], input: "plum-orchard-lantern-42\n", timeout: .seconds(60))
        let sealed = encrypted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(encrypted.status == 0 && sealed.hasPrefix("ceo-secret:v1:"))
        #expect(try await CEOProcess.run(["secret", "encrypt"], input: "x\n", timeout: .seconds(60)).status != 0, "no master key")
        #expect(try SecretBox(masterKey: Secret(masterKey)).decrypt(sealed).revealed == "plum-orchard-lantern-42")

        let data = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        let port = try await CEOProcess.freePort()
        let auth = try CEOProcess(["auth", "--data-dir", data.path, "--port", String(port), "--drain-seconds", "1"], environment: [
            "CEO_MASTER_KEY": masterKey, "CEO_BOOTSTRAP_ADMIN_EMAIL": "root@example.com", "CEO_BOOTSTRAP_ADMIN_PASSWORD": sealed, "CEO_LOG_LEVEL": "info",
        ], captureStandardError: true)
        var serving = false
        for _ in 0..<600 where !serving && auth.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            serving = try await CEOProcess.run(["health", "--data-dir", data.path, "--endpoint", "127.0.0.1:\(port)"], timeout: .seconds(60)).status == 0
        }
        auth.terminate()
        let logs = auth.standardErrorText
        #expect(serving && logs.contains("bootstrapped the first admin"), "\(logs)")
        #expect(!logs.contains("plum-orchard-lantern-42") && !logs.contains(masterKey))
        // The admin was made (with the decrypted password): a second bootstrap is refused.
        let refused = try await CEOProcess.run(["bootstrap-admin", "--data-dir", data.path, "--email", "second@example.com"], input: "plum-orchard-lantern-77\n", timeout: .seconds(60))
        #expect(refused.status != 0 && refused.stderr.contains("an admin already exists"), "\(refused.stderr)")
    }
}
