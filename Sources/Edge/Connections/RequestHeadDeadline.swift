import HummingbirdCore
import Logging
import NIOCore

/// Closes a connection that has not delivered a complete request head (the TLS
/// handshake included) within `timeout` of being accepted: the guard against slow
/// clients that open connections and trickle headers (slowloris).
///
/// It sits after TLS, on plaintext bytes, and looks only for the blank line that ends
/// the head of the first request. Later requests on a kept-alive connection are
/// covered by the HTTP idle timeout, which partial heads do not reset.
final class RequestHeadDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let onTimeout: @Sendable () -> Void
    private var deadline: Scheduled<Void>?
    /// Line feeds seen in a row (carriage returns ignored); two end the head.
    private var lineFeeds = 0
    private var headReceived = false

    init(timeout: TimeAmount, onTimeout: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !headReceived else {
            context.fireChannelRead(data)
            return
        }
        for byte in unwrapInboundIn(data).readableBytesView {
            if byte == UInt8(ascii: "\n") {
                lineFeeds += 1
                if lineFeeds == 2 {
                    headReceived = true
                    disarm()
                    break
                }
            } else if byte != UInt8(ascii: "\r") {
                lineFeeds = 0
            }
        }
        context.fireChannelRead(data)
        // Its work is done: later reads go straight to HTTP.
        if headReceived { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil, !headReceived else { return }
        let onTimeout = self.onTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            onTimeout()
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

