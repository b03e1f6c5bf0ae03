import CEORPC
import CEOServiceKit
import CEOTestSupport
import Foundation
import Testing

@Suite("Configuration: the settings file and the deployment profiles")
struct ConfigurationFileTests {
    @Test("KEY=value lines with comments, quotes and export; the environment wins over the file")
    func parsing() throws {
        let settings = try ConfigurationFile.parse("""
            # the edge
            CEO_EDGE_HTTP_PORT=9443
            export CEO_PROFILE=staging
            CEO_EDGE_ALLOWED_ORIGINS="https://a.example, https://b.example"
            CEO_MODEL_NAME='gpt-4o-mini'
            CEO_LOG_LEVEL=debug   # louder

            """, named: "ceo.env")
        #expect(settings == [
            "CEO_EDGE_HTTP_PORT": "9443", "CEO_PROFILE": "staging", "CEO_EDGE_ALLOWED_ORIGINS": "https://a.example, https://b.example",
            "CEO_MODEL_NAME": "gpt-4o-mini", "CEO_LOG_LEVEL": "debug",
        ])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ceo-\(UUID().uuidString).env")
        defer { try? FileManager.default.removeItem(at: file) }
        try "CEO_PROFILE=production\nCEO_EDGE_HTTP_PORT=9443\n".write(to: file, atomically: true, encoding: .utf8)
        let merged = try ConfigurationFile.environment(["CEO_CONFIG_FILE": file.path, "CEO_PROFILE": "development"])
        #expect(merged["CEO_PROFILE"] == "development" && merged["CEO_EDGE_HTTP_PORT"] == "9443")
    }

    @Test("a malformed line names the file and the line; a missing file names the setting; a value never appears")
    func malformed() throws {
        #expect(throws: ServiceSettingsError.self) { try ConfigurationFile.parse("CEO_A=1\nnot a setting\n", named: "ceo.env") }
        do {
            _ = try ConfigurationFile.parse("CEO_A=1\nsecret-value-without-key\n", named: "ceo.env")
        } catch {
            #expect("\(error)" == "ceo.env:2: expected KEY=value")
        }
        do {
            _ = try ConfigurationFile.parse("lower_case=hunter2\n", named: "ceo.env")
        } catch {
            #expect("\(error)".contains("ceo.env:1") && !"\(error)".contains("hunter2"))
        }
        #expect(throws: ServiceSettingsError.self) { try ConfigurationFile.environment(["CEO_CONFIG_FILE": "/nonexistent/ceo.env"]) }
    }

    @Test("profiles: development by default, unknown names refused; production throws every problem, staging only warns")
    func profiles() throws {
        #expect(try DeploymentProfile(environment: [:]) == .development)
        #expect(try DeploymentProfile(environment: ["CEO_PROFILE": "Production"]) == .production)
        #expect(throws: ServiceSettingsError.self) { try DeploymentProfile(environment: ["CEO_PROFILE": "prod"]) }
        var review = ProfileReview()
        review.require(false, "first problem")
        review.require(true, "never")
        review.require(false, "second problem")
        #expect(throws: ServiceSettingsError.self) { try review.enforce(.production, logger: TestHarness.logger) }
        try review.enforce(.staging, logger: TestHarness.logger)
        try review.enforce(.development, logger: TestHarness.logger)
        #expect(review.problems == ["first problem", "second problem"])
    }

    @Test("RPC settings: keepalive 30 s + 10 s and 4 MiB frames by default, set by CEO_RPC_*; every client and server of a process gets them")
    func rpcSettings() throws {
        let tls = try TestPKI().tls("orchestrator")
        let endpoints = [RPCEndpoint(host: "127.0.0.1", port: 7103)]
        let defaults = try RPCSettings(environment: [:])
        #expect(defaults == .defaults && defaults.limits.maxFrameBytes == 4 << 20 && defaults.limits.maxConcurrentCalls == 1_024)
        #expect(defaults.keepaliveInterval == .seconds(30) && defaults.keepaliveTimeout == .seconds(10))
        let set = try RPCSettings(environment: [
            "CEO_RPC_KEEPALIVE_SECONDS": "5", "CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS": "2",
            "CEO_RPC_MAX_FRAME_BYTES": "1048576", "CEO_RPC_MAX_CONCURRENT_CALLS": "64",
        ])
        var settings = ServiceSettings(
            descriptor: ServiceDescriptor(identity: ServiceIdentity("orchestrator"), defaultPort: 7102, summary: "test"),
            dataDirectory: FileManager.default.temporaryDirectory
        )
        settings.rpc = set
        let client = settings.clientConfiguration(endpoints: endpoints, tls: tls)
        #expect(client.keepaliveInterval == .seconds(5) && client.keepaliveTimeout == .seconds(2) && client.endpoints == endpoints)
        #expect(client.limits.maxFrameBytes == 1 << 20 && client.limits.maxConcurrentCalls == 64)
        let server = set.server(port: 7102, security: .mutualTLS(tls))
        #expect(server.limits == client.limits && server.port == 7102)
        for (name, value) in [("CEO_RPC_KEEPALIVE_SECONDS", "0"), ("CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS", "soon"), ("CEO_RPC_MAX_FRAME_BYTES", "1024"),
                              ("CEO_RPC_MAX_CONCURRENT_CALLS", "0")] {
            let error = #expect(throws: ServiceSettingsError.self) { try RPCSettings(environment: [name: value]) }
            #expect(error?.description.contains(name) == true)
        }
    }
}

/// The profiles as the services apply them at start, on real processes.
@Suite("Production refusals of real service processes", .serialized, .timeLimit(.minutes(2)))
struct ProductionProfileTests {
    /// A CA that is not the development one, with a certificate for `service`, as files.
    static func productionTLS(_ service: ServiceIdentity, in directory: URL) throws -> [String] {
        let ca = try CertificateAuthority(commonName: "Example Corp internal CA")
        let issued = try ca.issue(identity: service, dnsNames: ["localhost"])
        let paths = ["cert.pem", "key.pem", "ca.pem"].map { directory.appendingPathComponent($0).path }
        try issued.certificatePEM.write(toFile: paths[0], atomically: true, encoding: .utf8)
        try issued.privateKeyPEM.write(toFile: paths[1], atomically: true, encoding: .utf8)
        try ca.certificatePEM.write(toFile: paths[2], atomically: true, encoding: .utf8)
        return ["--tls-cert", paths[0], "--tls-key", paths[1], "--tls-ca", paths[2]]
    }

    @Test("the edge refuses plain HTTP, a report-only CSP, the development PKI and certificate, naming each")
    func edgeRefusals() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let refused = try await CEOProcess.run(
            ["edge", "--data-dir", data.path, "--port", "0"],
            environment: ["CEO_PROFILE": "production", "CEO_EDGE_ALLOW_PLAIN_HTTP": "true", "CEO_EDGE_CSP_REPORT_ONLY": "true"], timeout: .seconds(30)
        )
        #expect(refused.status != 0)
        for problem in ["the production profile refuses to start", "development PKI", "CEO_EDGE_ALLOW_PLAIN_HTTP", "CEO_EDGE_CSP_REPORT_ONLY", "CEO_EDGE_TLS_CERT_FILE"] {
            #expect(refused.stderr.contains(problem), "\(problem) not in: \(refused.stderr)")
        }
    }

    @Test("AuthService in production needs explicit TLS from a non-development CA and an explicit first admin; then it serves")
    func authRequirements() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        // The development PKI's files, given explicitly, are still the development CA.
        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        let pki = DevelopmentPKI(dataDirectory: data)
        let developmentFiles = ["--tls-cert", pki.certificatePath(for: .auth), "--tls-key", pki.privateKeyPath(for: .auth), "--tls-ca", pki.caCertificatePath]
        let development = try await CEOProcess.run(["auth", "--data-dir", data.path, "--port", "0"] + developmentFiles,
                                                   environment: ["CEO_PROFILE": "production"], timeout: .seconds(30))
        #expect(development.status != 0 && development.stderr.contains("is the development CA") && development.stderr.contains("CEO_BOOTSTRAP_ADMIN_EMAIL"),
                "\(development.stderr)")

        let tls = try Self.productionTLS(.auth, in: data)
        let passwordFile = data.appendingPathComponent("admin-password")
        try "plum-orchard-lantern-42\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let port = try await CEOProcess.freePort()
        let auth = try CEOProcess(["auth", "--data-dir", data.path, "--port", String(port), "--drain-seconds", "1"] + tls, environment: [
            "CEO_PROFILE": "production", "CEO_BOOTSTRAP_ADMIN_EMAIL": "root@example.com", "CEO_BOOTSTRAP_ADMIN_PASSWORD_FILE": passwordFile.path,
        ])
        defer { auth.terminate() }
        var serving = false
        for _ in 0..<600 where !serving && auth.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            serving = try await CEOProcess.run(["health", "--endpoint", "127.0.0.1:\(port)"] + tls, timeout: .seconds(60)).status == 0
        }
        #expect(serving, "AuthService did not serve in production with its requirements met")
    }

    @Test("staging starts with the shortcuts and warns about each; the settings file applies; the local stack refuses production")
    func stagingAndFile() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        let file = data.appendingPathComponent("ceo.env")
        try "CEO_PROFILE=production\nCEO_AGENTS_PACE_MS=100\n".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try await CEOProcess.run(["agents", "--data-dir", data.path, "--port", "0"], environment: ["CEO_CONFIG_FILE": file.path], timeout: .seconds(30))
        #expect(fromFile.status != 0 && fromFile.stderr.contains("CEO_AGENTS_PACE_MS"), "\(fromFile.stderr)")

        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        let port = try await CEOProcess.freePort()
        let staging = try CEOProcess(["agents", "--data-dir", data.path, "--port", String(port), "--drain-seconds", "1"],
                                     environment: ["CEO_CONFIG_FILE": file.path, "CEO_PROFILE": "staging", "CEO_LOG_LEVEL": "warning"], captureStandardError: true)
        var serving = false
        for _ in 0..<600 where !serving && staging.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            serving = try await CEOProcess.run(["health", "--data-dir", data.path, "--endpoint", "127.0.0.1:\(port)"], timeout: .seconds(60)).status == 0
        }
        staging.terminate()
        #expect(serving)
        let warnings = staging.standardErrorText
        #expect(warnings.contains("not allowed in production: CEO_AGENTS_PACE_MS") && warnings.contains("development PKI"), "\(warnings)")

        let stack = try await CEOProcess.run(["stack", "--data-dir", data.path], environment: ["CEO_PROFILE": "production"], timeout: .seconds(30))
        #expect(stack.status != 0 && stack.stderr.contains("local development stack"))
    }
}
