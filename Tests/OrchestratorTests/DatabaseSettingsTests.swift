import CEOServiceKit
import CEOStorage
import Orchestrator
import Testing

@Suite("The Orchestrator's database setting")
struct DatabaseSettingsTests {
    @Test("a postgres:// URL is parsed: host, port, user, password, database, TLS mode, CA file, pool size")
    func parses() throws {
        let configuration = try OrchestratorConfiguration(environment: [
            "CEO_ORCHESTRATOR_DATABASE_URL": "postgres://ceo:p%40ss@db.internal:6432/ceo_orchestrator?sslmode=verify-full&sslrootcert=/etc/ceo/db-ca.pem&pool_size=24",
        ])
        let database = try #require(configuration.database)
        #expect(database.host == "db.internal" && database.port == 6432 && database.username == "ceo" && database.password == "p@ss")
        #expect(database.database == "ceo_orchestrator" && database.tlsMode == .verifyFull && database.rootCertificatePath == "/etc/ceo/db-ca.pem" && database.poolSize == 24)
        #expect(try OrchestratorConfiguration(environment: [:]).database == nil, "unset: SQLite")
        #expect(try PostgresSettings(url: "postgresql://ceo@localhost/ceo").tlsMode == .verifyFull, "TLS is verified unless the URL says otherwise")
    }

    @Test("a wrong URL stops the start with a message naming the setting and the problem, never the password", arguments: [
        ("mysql://ceo:secret@db/ceo", "must start with postgres://"),
        ("postgres://ceo:secret@db", "names no database"),
        ("postgres://db/ceo", "names no user"),
        ("postgres://ceo:secret@db/ceo?sslmode=maybe", "sslmode"),
        ("postgres://ceo:secret@db/ceo?pool_size=0", "pool_size"),
        ("postgres://ceo:secret@db/ceo?timeout=3", "unknown parameter timeout"),
    ])
    func refusesWrongURLs(url: String, problem: String) throws {
        do {
            _ = try OrchestratorConfiguration(environment: ["CEO_ORCHESTRATOR_DATABASE_URL": url])
            Issue.record("\(url) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains("CEO_ORCHESTRATOR_DATABASE_URL") && message.contains(problem), "\(message)")
            #expect(!message.contains("secret"), "the password must not appear: \(message)")
        }
    }

    @Test("production refuses a database connection whose certificate is not verified")
    func productionNeedsVerifiedTLS() throws {
        for mode in ["disable", "require"] {
            let configuration = try OrchestratorConfiguration(environment: ["CEO_ORCHESTRATOR_DATABASE_URL": "postgres://ceo@db/ceo?sslmode=\(mode)"])
            #expect(configuration.review().problems.contains { $0.contains("sslmode=verify-full") })
        }
        #expect(try OrchestratorConfiguration(environment: ["CEO_ORCHESTRATOR_DATABASE_URL": "postgres://ceo@db/ceo"]).review().problems.isEmpty)
    }
}
