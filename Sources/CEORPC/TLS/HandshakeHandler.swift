public import NIOCore
import NIOSSL
import NIOTLS

/// The handshake did not finish within the configured time.
public struct HandshakeTimeoutError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String { "TLS handshake timed out" }
}

/// Who is on the other end of an established connection.
public struct PeerInfo: Sendable {
    /// The peer's service identity from its certificate (nil on plaintext connections
    /// or certificates without a `ceo://service/` URI).
    public var identity: ServiceIdentity?
    public var remoteAddress: SocketAddress?
}

/// Completes `established` once the TLS handshake is done (with the peer's identity),
/// and closes the channel when it takes longer than `timeout`.
///
/// Placed right after the `NIOSSLHandler`. On plaintext channels it completes at once.
final class HandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let timeout: TimeAmount
    private let established: EventLoopPromise<PeerInfo>
    private let expectsTLS: Bool
    private var timer: Scheduled<Void>?
    private var completed = false

    init(timeout: TimeAmount, expectsTLS: Bool, established: EventLoopPromise<PeerInfo>) {
        self.timeout = timeout
        self.expectsTLS = expectsTLS
        self.established = established
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard expectsTLS else {
            complete(.success(PeerInfo(identity: nil, remoteAddress: context.channel.remoteAddress)))
            return
        }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.handler.complete(.failure(HandshakeTimeoutError()))
            loopBound.value.context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        complete(.failure(ChannelError.ioOnClosedChannel))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            let identity = peerCertificate(context).flatMap(ServiceIdentity.init(certificate:))
            complete(.success(PeerInfo(identity: identity, remoteAddress: context.channel.remoteAddress)))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.failure(ChannelError.eof))
        context.fireChannelInactive()
    }

    private func complete(_ result: Result<PeerInfo, any Error>) {
        guard !completed else { return }
        completed = true
        timer?.cancel()
        established.completeWith(result)
    }

    private func peerCertificate(_ context: ChannelHandlerContext) -> NIOSSLCertificate? {
        if let server = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self) {
            return server.peerCertificate
        }
        if let client = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
            return client.peerCertificate
        }
        return nil
    }
}
