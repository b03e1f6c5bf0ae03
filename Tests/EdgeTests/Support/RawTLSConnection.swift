import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A TLS connection to the edge that sends whatever bytes a test writes and keeps
/// what arrives: for slow, stalled or non-reading clients that an HTTP client library
/// would never be.
final class RawTLSConnection: Sendable {
    private let channel: any Channel
    private let collector: Collector

    /// Connects (the TLS handshake starts at once). `receiveBuffer` shrinks the socket's
    /// receive buffer, so that a client that stops reading fills up quickly.
    static func open(port: Int, trustRoots: [NIOSSLCertificate], receiveBuffer: Int? = nil) async throws -> RawTLSConnection {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(trustRoots)
        let context = try NIOSSLContext(configuration: tls)
        let collector = Collector()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(CollectingHandler(collector: collector))
                }
            }
        if let receiveBuffer {
            bootstrap = bootstrap.channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawTLSConnection(channel: channel, collector: collector)
    }

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Sends `text`; does not wait (before the handshake, TLS holds writes back).
    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    /// Everything received so far, as text.
    var received: String { String(decoding: collector.bytes, as: UTF8.self) }
    var receivedByteCount: Int { collector.bytes.count }
    var isClosed: Bool { collector.isClosed }

    /// Stops reading from the socket (the server's writes back up), or resumes.
    func setReading(_ reading: Bool) async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: reading).get()
        if reading { channel.read() }
    }

    /// Waits until `condition` holds, polling; false when `timeout` passes first.
    func wait(upTo timeout: Duration, until condition: @Sendable (RawTLSConnection) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    func close() async {
        try? await channel.close()
    }

    /// The bytes and the end of one connection, shared with its handler.
    final class Collector: Sendable {
        private let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
        func append(_ buffer: ByteBuffer) { state.withLock { $0.bytes += buffer.readableBytesView } }
        func markClosed() { state.withLock { $0.closed = true } }
        var bytes: [UInt8] { state.withLock { $0.bytes } }
        var isClosed: Bool { state.withLock { $0.closed } }
    }

    final class CollectingHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let collector: Collector
        init(collector: Collector) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            collector.append(unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            collector.markClosed()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

/// A masked client text frame (RFC 6455 §5.2), for writing WebSocket messages by hand.
func webSocketTextFrame(_ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    var frame: [UInt8] = [0x81]
    if payload.count < 126 {
        frame.append(0x80 | UInt8(payload.count))
    } else {
        frame.append(0x80 | 126)
        frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    }
    let mask: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255) }
    frame += mask
    frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    return frame
}
