import CEOServiceKit
import CEOTestSupport
import Foundation
import Testing

/// A service whose supervisor (`ceo stack`, or a test process) dies stops on its own,
/// rather than lingering with its ports held: a crashed test run once left services
/// behind that took a later step's port.
@Suite("A service stops when the process that started it is gone")
struct ParentProcessWatchTests {
    @Test("a service given its parent's id in CEO_PARENT_PID shuts down gracefully once that parent has exited; one not given it keeps running")
    func stopsWithItsParent() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("parent-watch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try DevelopmentPKI(dataDirectory: data).ensure()
        let watchedLog = data.appendingPathComponent("watched.log")
        let ports = (try await CEOProcess.freePort(), try await CEOProcess.freePort())
        // A short-lived parent (Python, whose children inherit none of its descriptors:
        // Foundation's `Process` would otherwise wait for them too) starts two `ceo agents`,
        // writes their ids and exits at once; only the first is given the parent's id. Both
        // are then orphans.
        let idsFile = data.appendingPathComponent("ids")
        let parent = Process()
        parent.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        parent.arguments = ["python3", "-c", """
            import os, subprocess, sys
            ceo, data, log, ids, watched_port, unwatched_port = sys.argv[1:]
            def agents(port, extra, stderr):
                return subprocess.Popen([ceo, "agents", "--data-dir", data, "--port", port, "--drain-seconds", "1"],
                                        env={**os.environ, **extra}, stdout=subprocess.DEVNULL, stderr=stderr, close_fds=True)
            watched = agents(watched_port, {"CEO_PARENT_PID": str(os.getpid())}, open(log, "w"))
            unwatched = agents(unwatched_port, {}, subprocess.DEVNULL)
            open(ids, "w").write(f"{watched.pid}\\n{unwatched.pid}\\n")
            """, CEOProcess.binary.path, data.path, watchedLog.path, idsFile.path, String(ports.0), String(ports.1)]
        var environment = ProcessInfo.processInfo.environment
        environment["CEO_LOG_FORMAT"] = "json"
        environment["CEO_METRICS_PORT"] = "0"
        environment["CEO_PARENT_PID"] = nil
        parent.environment = environment
        parent.standardOutput = FileHandle.nullDevice
        try parent.run()
        parent.waitUntilExit()
        try #require(parent.terminationStatus == 0, "the parent process failed")
        let ids = ((try? String(contentsOf: idsFile, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { pid_t($0) }
        try #require(ids.count == 2, "the parent wrote \(ids)")
        let (watched, unwatched) = (ids[0], ids[1])
        defer { if Self.isRunning(unwatched) { kill(unwatched, SIGKILL) } }

        #expect(try await eventually(timeout: .seconds(60)) { !Self.isRunning(watched) }, "the service outlived the process that started it")
        let log = (try? String(contentsOf: watchedLog, encoding: .utf8)) ?? ""
        #expect(log.contains("the process that started this service is gone"), "it did not stop for its parent: \(log.suffix(2_000))")
        // The other, an orphan all the same, runs on (the watch is what stopped the first).
        try await Task.sleep(for: .seconds(1))
        #expect(Self.isRunning(unwatched), "a service with no parent to watch stopped too")
        kill(unwatched, SIGTERM)
        #expect(try await eventually(timeout: .seconds(60)) { !Self.isRunning(unwatched) })
    }

    /// Whether `pid` is a live process (not gone, not a zombie awaiting its reaper).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(end, offsetBy: 2)] != "Z"
    }
}
