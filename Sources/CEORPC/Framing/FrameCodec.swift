public import NIOCore
import SwiftProtobuf

/// A frame's bytes were not a valid protobuf `Frame`.
public struct MalformedFrameError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "malformed frame: \(reason)" }
}

/// Turns length-delimited frame bodies into ``WireFrame`` messages and back.
///
/// Sits above ``BoundedLengthFieldFrameDecoder`` and NIOExtras' `LengthFieldPrepender`.
public final class FrameCodec: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = WireFrame
    public typealias OutboundIn = WireFrame
    public typealias OutboundOut = ByteBuffer

    public init() {}

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let body = Self.unwrapInboundIn(data)
        do {
            let frame = try WireFrame(serializedBytes: [UInt8](body.readableBytesView))
            guard frame.kind != nil else { throw MalformedFrameError(reason: "frame has no kind") }
            context.fireChannelRead(Self.wrapInboundOut(frame))
        } catch let error as MalformedFrameError {
            context.fireErrorCaught(error)
        } catch {
            context.fireErrorCaught(MalformedFrameError(reason: "\(error)"))
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = Self.unwrapOutboundIn(data)
        do {
            let bytes: [UInt8] = try frame.serializedBytes()
            let buffer = context.channel.allocator.buffer(bytes: bytes)
            context.write(Self.wrapOutboundOut(buffer), promise: promise)
        } catch {
            promise?.fail(error)
        }
    }
}
