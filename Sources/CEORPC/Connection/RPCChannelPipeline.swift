import NIOCore
import NIOExtras
import NIOSSL

/// An RPC connection as structured concurrency sees it: frames in, frames out, and
/// the peer once the handshake is done.
struct RPCChannel: Sendable {
    let frames: NIOAsyncChannel<WireFrame, WireFrame>
    let peer: EventLoopFuture<PeerInfo>
}

/// Which side of TLS a channel plays.
enum RPCChannelTLS {
    case server(NIOSSLContext)
    case client(NIOSSLContext, serverHostname: String?)
    case none
}

enum RPCChannelPipeline {
    /// Installs TLS, the handshake guard and the frame codecs; call on the channel's event loop.
    static func configure(
        _ channel: any Channel,
        tls: RPCChannelTLS,
        limits: FrameLimits,
        handshakeTimeout: TimeAmount
    ) throws -> RPCChannel {
        let established = channel.eventLoop.makePromise(of: PeerInfo.self)
        do {
            let frames = try install(channel, tls: tls, limits: limits, handshakeTimeout: handshakeTimeout, established: established)
            return RPCChannel(frames: frames, peer: established.futureResult)
        } catch {
            established.fail(error)
            throw error
        }
    }

    private static func install(
        _ channel: any Channel,
        tls: RPCChannelTLS,
        limits: FrameLimits,
        handshakeTimeout: TimeAmount,
        established: EventLoopPromise<PeerInfo>
    ) throws -> NIOAsyncChannel<WireFrame, WireFrame> {
        let pipeline = channel.pipeline.syncOperations
        switch tls {
        case .server(let context):
            try pipeline.addHandler(NIOSSLServerHandler(context: context))
        case .client(let context, let hostname):
            // An IP literal is not a valid SNI name; without one NIOSSL verifies the
            // certificate's IP SANs against the connected address instead.
            let sniName = hostname.flatMap { (try? SocketAddress(ipAddress: $0, port: 0)) == nil ? $0 : nil }
            try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: sniName))
        case .none:
            break
        }
        let expectsTLS = if case .none = tls { false } else { true }
        try pipeline.addHandler(HandshakeHandler(timeout: handshakeTimeout, expectsTLS: expectsTLS, established: established))
        try pipeline.addHandler(ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: limits.maxFrameBytes)))
        try pipeline.addHandler(LengthFieldPrepender(lengthFieldBitLength: .fourBytes, lengthFieldEndianness: .big))
        try pipeline.addHandler(FrameCodec())
        return try NIOAsyncChannel<WireFrame, WireFrame>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 16, highWatermark: 64))
        )
    }
}
