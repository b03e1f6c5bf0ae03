import CEORPC
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SwiftProtobuf

/// A connection that sends raw bytes and reads raw bytes, for hostile-peer tests.
struct RawConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects with mutual TLS (when `tls` is set) but no framing.
    static func connect(port: Int, tls: MutualTLSConfiguration?) async throws -> RawConnection {
        try await connect(port: port, context: tls.map { try $0.makeClientContext() })
    }

    /// Connects with the given TLS context (nil: plain TCP).
    static func connect(port: Int, context: NIOSSLContext?) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: nil))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawConnection(channel: channel)
    }

    /// Sends `bytes`, then reads until the peer closes (or `timeout`); returns what came
    /// back and whether the peer closed the connection.
    func send(_ bytes: [UInt8], timeout: Duration = .seconds(30)) async throws -> (received: [UInt8], closed: Bool) {
        try await channel.executeThenClose { inbound, outbound in
            do {
                if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
            } catch {
                return ([], true)  // the peer had already closed
            }
            return try await withThrowingTaskGroup(of: ([UInt8], Bool)?.self) { group in
                group.addTask {
                    var received: [UInt8] = []
                    do {
                        for try await buffer in inbound { received += Array(buffer.readableBytesView) }
                    } catch {
                        return (received, true)
                    }
                    return (received, true)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next()!
                group.cancelAll()
                return first ?? ([], false)
            }
        }
    }
}

/// Splits length-prefixed frames out of raw bytes.
func parseFrames(_ bytes: [UInt8]) throws -> [WireFrame] {
    var frames: [WireFrame] = []
    var index = 0
    while index + 4 <= bytes.count {
        let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
        guard index + 4 + length <= bytes.count else { break }
        frames.append(try WireFrame(serializedBytes: Array(bytes[(index + 4)..<(index + 4 + length)])))
        index += 4 + length
    }
    return frames
}

/// A frame as bytes on the wire.
func encodeFrame(_ frame: WireFrame) throws -> [UInt8] {
    let body: [UInt8] = try frame.serializedBytes()
    let n = UInt32(body.count)
    return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
}
