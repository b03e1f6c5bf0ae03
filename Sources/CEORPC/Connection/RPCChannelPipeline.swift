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

/// A connection the server accepted, with its pipeline installed but reads paused until
/// a connection task claims it with ``activate()``.
///
/// NIO hands accepted connections to the accept loop through a buffer. If the loop has
/// just stopped (the server is shutting down), the buffer is dropped. A dropped
/// `NIOAsyncChannel` whose writer was never finished traps; a dropped plain channel
/// does not, and its handshake timeout closes it. So the `NIOAsyncChannel` is made only
/// once a task owns the connection.
struct AcceptedChannel: Sendable {
    let channel: any Channel
    let peer: EventLoopFuture<PeerInfo>

    /// Wraps the channel for structured concurrency and resumes reading.
    func activate() async throws -> RPCChannel {
        let channel = channel
        let frames = try await channel.eventLoop.submit {
            let frames = try RPCChannelPipeline.wrap(channel)
            try channel.syncOptions?.setOption(.autoRead, value: true)
            channel.read()
            return frames
        }.get()
        return RPCChannel(frames: frames, peer: peer)
    }
}

enum RPCChannelPipeline {
    /// Installs TLS, the handshake guard and the frame codecs with reads paused, for
    /// ``AcceptedChannel/activate()``; call on the channel's event loop.
    static func configureAccepted(
        _ channel: any Channel,
        tls: RPCChannelTLS,
        limits: FrameLimits,
        handshakeTimeout: TimeAmount
    ) throws -> AcceptedChannel {
        try channel.syncOptions?.setOption(.autoRead, value: false)
        let established = channel.eventLoop.makePromise(of: PeerInfo.self)
        do {
            try installHandlers(channel, tls: tls, limits: limits, handshakeTimeout: handshakeTimeout, established: established)
            return AcceptedChannel(channel: channel, peer: established.futureResult)
        } catch {
            established.fail(error)
            throw error
        }
    }

    /// Installs TLS, the handshake guard and the frame codecs; call on the channel's event loop.
    static func configure(
        _ channel: any Channel,
        tls: RPCChannelTLS,
        limits: FrameLimits,
        handshakeTimeout: TimeAmount
    ) throws -> RPCChannel {
        let established = channel.eventLoop.makePromise(of: PeerInfo.self)
        do {
            try installHandlers(channel, tls: tls, limits: limits, handshakeTimeout: handshakeTimeout, established: established)
            return RPCChannel(frames: try wrap(channel), peer: established.futureResult)
        } catch {
            established.fail(error)
            throw error
        }
    }

    private static func installHandlers(
        _ channel: any Channel,
        tls: RPCChannelTLS,
        limits: FrameLimits,
        handshakeTimeout: TimeAmount,
        established: EventLoopPromise<PeerInfo>
    ) throws {
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
    }

    /// The channel as frames in, frames out; call on the channel's event loop.
    static func wrap(_ channel: any Channel) throws -> NIOAsyncChannel<WireFrame, WireFrame> {
        try NIOAsyncChannel<WireFrame, WireFrame>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 16, highWatermark: 64))
        )
    }
}
