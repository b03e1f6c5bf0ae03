import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Shutdown races")
struct ShutdownRaceTests {
    @Test("connections that arrive while the server stops are closed, not left to trap the process")
    func connectionsDuringShutdown() async throws {
        let pki = try TestPKI()
        for _ in 0..<5 {
            let server = try TestHarness.makeServer(pki: pki, services: [])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try await server.boundAddress().port!
                // A burst of plain TCP connects, some of which land after the accept loop stopped.
                let connects = Task {
                    await withTaskGroup(of: Void.self) { connects in
                        for _ in 0..<64 {
                            connects.addTask {
                                let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                                    .connect(host: "127.0.0.1", port: port).get()
                                try? await Task.sleep(for: .milliseconds(50))
                                try? await channel?.close()
                            }
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(5))
                group.cancelAll()
                await connects.value
            }
        }
        // Reaching here means no dropped connection trapped the test process.
    }
}
