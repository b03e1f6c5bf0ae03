import AgentService
import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import GRDB
import Testing

@Suite("Agent result cache")
struct AgentResultCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-cache-\(UUID().uuidString)")

    @Test("replicas opening one new cache file at the same moment all succeed (the migration races safely)")
    func concurrentOpen() async throws {
        for round in 0..<5 {
            let path = directory.appendingPathComponent("shared-\(round).sqlite").path
            let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            _ = try AgentResultCache(path: path)
                            return true
                        } catch {
                            Issue.record("opening failed: \(error)")
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(opened == Array(repeating: true, count: 8), "round \(round)")
        }
    }
    let clock = ManualClock()

    var path: String { directory.appendingPathComponent("cache.sqlite").path }

    func cache(_ configuration: AgentResultCache.Configuration = .init()) throws -> AgentResultCache {
        try AgentResultCache(path: path, configuration: configuration, now: { [clock] in clock.now })
    }

    func request(_ title: String, budget: Int64 = 100_000, idempotencyKey: String = "") -> ExecuteTaskRequest {
        var request = ExecuteTaskRequest()
        request.agent = .branding
        request.task.id = "branding-1"
        request.task.title = title
        request.company.name = "Acme"
        request.budgetCents = budget
        request.idempotencyKey = idempotencyKey
        return request
    }

    func result(_ used: Int64, padding: Int = 0) -> AgentResult {
        var result = AgentResult()
        result.agent = .branding
        result.budgetUsedCents = used
        result.model = "playbook-v1"
        result.notes = [String(repeating: "n", count: padding)]
        return result
    }

    @Test("a miss, then a hit marked cached; another budget or model is another entry")
    func hitAndMiss() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try cache()
        #expect(try await cache.lookup(request("Logo"), model: "playbook-v1") == nil)
        try await cache.store(result(42_000), for: request("Logo"), model: "playbook-v1")
        let hit = try #require(try await cache.lookup(request("Logo"), model: "playbook-v1"))
        #expect(hit.cached && hit.budgetUsedCents == 42_000)
        #expect(try await cache.lookup(request("Logo", budget: 99_999), model: "playbook-v1") == nil)
        #expect(try await cache.lookup(request("Logo"), model: "openai:gpt-4o-mini") == nil)
        // It survives reopening (another replica, or a restart).
        #expect(try await self.cache().lookup(request("Logo"), model: "playbook-v1")?.budgetUsedCents == 42_000)
    }

    @Test("a result priced with other reference data is not served: the data's fingerprint is part of the key")
    func dataVersion() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let fingerprint = ReferenceData.fingerprint()
        #expect(fingerprint.count == 64 && fingerprint == ReferenceData.fingerprint())
        // It covers the packs, the rates and the catalog as well as this service's own files.
        #expect(Set(DomainDataFiles.contents().map(\.name)).isSuperset(of: ["exchange-rates.json", "jurisdiction-DE.json", "agents.json"]))
        try await cache(.init(dataVersion: fingerprint)).store(result(42_000), for: request("Logo"), model: "playbook-v1")
        #expect(try await cache(.init(dataVersion: fingerprint)).lookup(request("Logo"), model: "playbook-v1")?.budgetUsedCents == 42_000)
        #expect(try await cache(.init(dataVersion: "the next release's data")).lookup(request("Logo"), model: "playbook-v1") == nil)
    }

    @Test("entries expire after their time to live")
    func expiry() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try cache(.init(timeToLive: .seconds(3600)))
        try await cache.store(result(1), for: request("Logo"), model: "m")
        clock.advance(by: .seconds(3599))
        #expect(try await cache.lookup(request("Logo"), model: "m") != nil)
        clock.advance(by: .seconds(1))
        #expect(try await cache.lookup(request("Logo"), model: "m") == nil)
        #expect(try await cache.statistics().entries == 0)
    }

    @Test("the same idempotency key is served the same result even if the request text changed")
    func idempotencyKey() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try cache()
        try await cache.store(result(7), for: request("Logo", idempotencyKey: "run-1/branding-1"), model: "m")
        #expect(try await cache.lookup(request("Logo (retry)", idempotencyKey: "run-1/branding-1"), model: "m")?.budgetUsedCents == 7)
        #expect(try await cache.lookup(request("Logo (retry)", idempotencyKey: "run-2/branding-1"), model: "m") == nil)
    }

    @Test("the size bound evicts the least recently used entries")
    func eviction() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try cache(.init(maximumBytes: 3_500))
        for index in 0..<3 {
            try await cache.store(result(Int64(index), padding: 1_000), for: request("task \(index)"), model: "m")
            clock.advance(by: .seconds(1))
        }
        // Use entry 0, so entry 1 is now the least recently used.
        _ = try await cache.lookup(request("task 0"), model: "m")
        clock.advance(by: .seconds(1))
        try await cache.store(result(3, padding: 1_000), for: request("task 3"), model: "m")
        #expect(try await cache.lookup(request("task 1"), model: "m") == nil)
        for kept in [0, 2, 3] { #expect(try await cache.lookup(request("task \(kept)"), model: "m") != nil) }
        #expect(try await cache.statistics().bytes <= 3_500)
    }

    @Test("a row that cannot be read is a miss and is dropped, not an error")
    func corruptRow() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = try cache()
        try await cache.store(result(5), for: request("Logo"), model: "m")
        let pool = try DatabasePool(path: path)
        try await pool.write { db in try db.execute(sql: "UPDATE results SET result = x'FFFFFFFF'") }
        #expect(try await cache.lookup(request("Logo"), model: "m") == nil)
        #expect(try await cache.statistics().entries == 0)
    }
}
