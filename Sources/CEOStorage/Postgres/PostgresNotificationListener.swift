public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Listens on a PostgreSQL channel with a connection of its own and hands each
/// notification's payload to `handler`, until shutdown. A lost connection is opened
/// again after a pause; `onReconnect` runs then, since notifications sent meanwhile are
/// lost (the caller re-reads what it watches).
public struct PostgresNotificationListener: Service {
    let database: PostgresDatabase
    let channel: String
    let logger: Logger
    let handler: @Sendable (String) async -> Void
    let onReconnect: @Sendable () async -> Void

    public init(
        database: PostgresDatabase, channel: String, logger: Logger,
        onReconnect: @escaping @Sendable () async -> Void = {}, handler: @escaping @Sendable (String) async -> Void
    ) {
        self.database = database
        self.channel = channel
        self.logger = logger
        self.handler = handler
        self.onReconnect = onReconnect
    }

    public func run() async throws {
        var first = true
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let connection = try await database.dedicatedConnection()
                if !first { await onReconnect() }
                first = false
                do {
                    try await cancelWhenGracefulShutdown {
                        try await connection.listen(on: channel) { notifications in
                            for try await notification in notifications { await handler(notification.payload) }
                        }
                    }
                } catch {
                    try? await connection.close().get()
                    throw error
                }
                try? await connection.close().get()
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.warning("listening for notifications failed; trying again", metadata: ["channel": "\(channel)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
