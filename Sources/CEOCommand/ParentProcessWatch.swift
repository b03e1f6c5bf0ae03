import Foundation
import Logging
import ServiceLifecycle

/// Ends (and so shuts the service down gracefully) when the process that started this
/// one has gone, as when `ceo stack` is killed without a chance to stop its children, or
/// a test process that started services crashes: they would otherwise linger, holding
/// their ports.
///
/// The supervisor names itself in ``parentEnvironmentKey`` (its process id), so that a
/// service whose supervisor died before the watch began still notices.
struct ParentProcessWatch: Service {
    /// The environment variable in which a supervisor puts its process id to be watched.
    static let parentEnvironmentKey = "CEO_PARENT_PID"

    let parent: pid_t
    let logger: Logger

    /// A watch of the process named in ``parentEnvironmentKey`` (`ceo stack` names itself
    /// for its services, the tests for theirs); nil without one.
    static func requested(by environment: [String: String], logger: Logger) -> ParentProcessWatch? {
        guard let named = environment[parentEnvironmentKey].flatMap({ pid_t($0) }), named > 1 else { return nil }
        return ParentProcessWatch(parent: named, logger: logger)
    }

    func run() async throws {
        // Cancelled (quietly) when the process shuts down for any other reason.
        await cancelWhenGracefulShutdown {
            while getppid() == parent {
                do {
                    try await Task.sleep(for: .milliseconds(500))
                } catch {
                    return
                }
            }
            logger.notice("the process that started this service is gone; shutting down", metadata: ["parent": "\(parent)"])
        }
    }
}
