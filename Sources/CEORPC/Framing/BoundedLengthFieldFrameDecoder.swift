public import NIOCore
import NIOExtras

/// A frame's declared length was over the connection's maximum.
public struct FrameTooLargeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let declaredBytes: Int
    public let maxFrameBytes: Int

    public init(declaredBytes: Int, maxFrameBytes: Int) {
        self.declaredBytes = declaredBytes
        self.maxFrameBytes = maxFrameBytes
    }

    public var description: String {
        "frame of \(declaredBytes) bytes exceeds the maximum of \(maxFrameBytes) bytes"
    }
}

/// NIOExtras' ``LengthFieldBasedFrameDecoder`` (4-byte big-endian length) with the
/// maximum frame size enforced *before* anything is buffered: the inner decoder would
/// otherwise accumulate up to `Int32.max` bytes for a hostile peer.
///
/// The inner decoder is only called once a whole frame is buffered, so it always
/// starts at a length field and consumes exactly one frame per call; the length it
/// would read is the one checked here.
public final class BoundedLengthFieldFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    private let inner = LengthFieldBasedFrameDecoder(lengthFieldBitLength: .fourBytes, lengthFieldEndianness: .big)
    private let maxFrameBytes: Int

    public init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let declared = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return .needMoreData
        }
        guard Int(declared) <= maxFrameBytes else {
            throw FrameTooLargeError(declaredBytes: Int(declared), maxFrameBytes: maxFrameBytes)
        }
        guard buffer.readableBytes >= 4 + Int(declared) else { return .needMoreData }
        return try inner.decode(context: context, buffer: &buffer)
    }

    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
