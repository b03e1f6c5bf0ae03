import CEORPC
import Foundation
import Logging
import ServiceLifecycle
import ArgumentParser

/// One service of the stack as a child process; on graceful shutdown it gets SIGTERM
/// and is waited for.
struct ChildProcess: Service {
    let name: String
    let executable: String
    let arguments: [String]
    /// Set in the child's environment on top of this process's.
    var environment: [String: String] = [:]
    let logger: Logger

    func run() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(self.environment) { _, new in new }
        environment[StackCommand.childMarker] = "1"
        environment[ParentProcessWatch.parentEnvironmentKey] = String(getpid())
        process.environment = environment
        let exited = AsyncPromise<Int32>()
        process.terminationHandler = { exited.succeed($0.terminationStatus) }
        try process.run()
        logger.info("started \(name)", metadata: ["pid": "\(process.processIdentifier)"])
        let status = try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await exited.value()
            } onCancel: {
                kill(process.processIdentifier, SIGKILL)
            }
        } onGracefulShutdown: {
            kill(process.processIdentifier, SIGTERM)
        }
        logger.info("\(name) exited", metadata: ["status": "\(status)"])
        if status != 0, status != SIGTERM { throw ExitCode(status) }
    }
}
