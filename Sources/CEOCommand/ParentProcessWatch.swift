import Foundation
import Logging
import ServiceLifecycle

/// Ends (and so shuts the service down gracefully) when the process that started this
/// one has gone, as when `ceo stack` is killed without a chance to stop its children.
struct ParentProcessWatch: Service {
    let parent = getppid()
    let logger: Logger

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
            logger.notice("the stack that started this service is gone; shutting down")
        }
    }
}
