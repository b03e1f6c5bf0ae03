import HummingbirdCore
import Logging
import NIOCore

/// Limits every accepted connection gets before HTTP sees it.
struct ConnectionGuards: Sendable {
    /// Time to finish the TLS handshake and send a complete request head.
    var requestHeadTimeout: TimeAmount
    /// The socket's kernel send buffer (SO_SNDBUF); nil leaves the kernel's autotuning,
    /// which lets a client that does not read pin megabytes per connection.
    var sendBufferBytes: Int?
    /// Called when a connection is closed for a late request head.
    var onHeadTimeout: @Sendable () -> Void
}

/// A child channel that applies ``ConnectionGuards`` before the wrapped channel's own
/// handlers (and after TLS, when it is wrapped in `TLSChannel`).
struct GuardedConnectionChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let guards: ConnectionGuards

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if let bytes = guards.sendBufferBytes {
                try channel.syncOptions?.setOption(ChannelOptions.socketOption(.so_sndbuf), value: SocketOptionValue(bytes))
            }
            try channel.pipeline.syncOperations.addHandler(
                RequestHeadDeadlineHandler(timeout: guards.requestHeadTimeout, onTimeout: guards.onHeadTimeout)
            )
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
