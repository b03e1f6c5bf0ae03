import CEOServiceKit
import AgentService
import CEOAPI
import CEODomain
import Foundation
import Histogram

/// Measures the agents with the embedded playbook model: executions/s per agent
/// (guard rails included, no cache), and the latency of a cache hit beside an
/// uncached execution of the same request, in one run.
public struct AgentBenchmark: Sendable {
    public let duration: Duration

    public init(duration: Duration) { self.duration = duration }

    public func run() async throws -> String {
        let reference = try ReferenceData.bundled()
        let agents = try AgentServiceApp.agents(reference: reference)
        let uncached = AgentExecutor(agents: agents, cache: nil)
        var lines = [
            "| agent | executions/s (1 task, playbook, no cache) | µs per execution |", "|---|---:|---:|",
        ]
        for agent in agents {
            let requests = Self.companies.map { Self.request(agent.info.type, $0) }
            var count = 0
            let start = ContinuousClock.now
            while ContinuousClock.now - start < duration {
                _ = try await uncached.execute(requests[count % requests.count])
                count += 1
            }
            let seconds = (ContinuousClock.now - start).timeInterval
            lines.append("| \(agent.info.type.machineName) | \(Int(Double(count) / seconds)) | \(Int(seconds / Double(count) * 1e6)) |")
        }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cached = AgentExecutor(
            agents: agents, cache: try AgentResultCache(path: directory.appendingPathComponent("cache.sqlite").path)
        )
        let request = Self.request(.branding, Self.companies[0])
        _ = try await cached.execute(request)
        var hits = Histogram<UInt64>(highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: .three)
        var misses = Histogram<UInt64>(highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: .three)
        for _ in 0..<2_000 {
            var start = ContinuousClock.now
            _ = try await cached.execute(request)
            hits.record(UInt64((ContinuousClock.now - start).timeInterval * 1e6))
            start = ContinuousClock.now
            _ = try await uncached.execute(request)
            misses.record(UInt64((ContinuousClock.now - start).timeInterval * 1e6))
        }
        lines += [
            "", "| path (branding, 2,000 calls each) | p50 µs | p99 µs |", "|---|---:|---:|",
            "| cache hit (SQLite lookup, marks the hit) | \(hits.valueAtPercentile(50)) | \(hits.valueAtPercentile(99)) |",
            "| uncached execution (baseline) | \(misses.valueAtPercentile(50)) | \(misses.valueAtPercentile(99)) |",
            "", "cache hit ÷ uncached (p50): \(String(format: "%.2f", Double(hits.valueAtPercentile(50)) / Double(max(misses.valueAtPercentile(50), 1))))",
        ]
        return lines.joined(separator: "\n")
    }

    static let companies: [Company] = [
        company("Ledgerly", "B2B SaaS for accounting teams", "Wilmington, DE", dollars: 50_000, days: 180),
        company("Casa Lumbre", "Tex-Mex restaurant", "Austin, TX", dollars: 3_000, days: 60),
        company("Kindred Clinic", "digital healthcare", "London, UK", dollars: 20_000, days: 90),
    ]

    static func company(_ name: String, _ industry: String, _ location: String, dollars: Int64, days: Int32) -> Company {
        var company = Company()
        company.name = name
        company.industry = industry
        company.location = location
        company.budgetCents = dollars * 100
        company.timelineDays = days
        return company
    }

    static func request(_ agent: AgentType, _ company: Company) -> ExecuteTaskRequest {
        var request = ExecuteTaskRequest()
        request.agent = agent
        request.company = company
        request.task.id = "\(agent.machineName)-1"
        // The catalog's task title is in the agent's own domain, so its domain guard accepts it.
        request.task.title = AgentCatalog.standard.profile(of: agent)?.taskTitle(for: company.name) ?? agent.machineName
        request.task.endDay = min(30, company.timelineDays)
        // A third of the company's budget clears every agent's minimum for all three companies.
        request.budgetCents = company.budgetCents / 3
        return request
    }
}
