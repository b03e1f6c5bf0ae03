import CEORPC
import NIOCore
import NIOEmbedded
import NIOTestUtils
import SwiftProtobuf
import Testing

@Suite("Frame decoding")
struct FramingTests {
    private func prefixed(_ body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count), endianness: .big)
        buffer.writeBytes(body)
        return buffer
    }

    @Test("frames split across reads and several frames in one read decode the same")
    func splitAndCoalesced() throws {
        let bodies: [[UInt8]] = [Array("first".utf8), Array(repeating: 7, count: 1000), [], Array("last".utf8)]
        var input = ByteBuffer()
        for body in bodies { var frame = prefixed(body); input.writeBuffer(&frame) }
        // The verifier feeds the input whole, byte by byte and in random chunks.
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(input, bodies.map { ByteBuffer(bytes: $0) })],
            decoderFactory: { BoundedLengthFieldFrameDecoder(maxFrameBytes: 4096) }
        )
    }

    @Test("a frame body that looks like a huge length is not mistaken for one when it arrives in pieces")
    func bodyArrivingInPieces() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: 64)))
        let body: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]
        let frame = prefixed(body)
        for byte in frame.readableBytesView {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(bytes: body))
        #expect(try channel.finish().isClean)
    }

    @Test("a zero-length frame decodes to an empty body, which the codec refuses as malformed")
    func zeroLengthFrame() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: 64)))
        try channel.pipeline.syncOperations.addHandler(FrameCodec())
        #expect(throws: MalformedFrameError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 0]))
        }
        _ = try? channel.finish()
    }

    @Test("an oversize declared length is refused from its 4 header bytes, before any body is buffered")
    func oversizeFrame() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: 1024)))
        var header = ByteBuffer()
        header.writeInteger(UInt32(1025), endianness: .big)
        #expect(throws: FrameTooLargeError(declaredBytes: 1025, maxFrameBytes: 1024)) {
            try channel.writeInbound(header)
        }
        _ = try? channel.finish()
    }

    @Test("the largest allowed frame passes")
    func maximumFrame() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: 1024)))
        try channel.writeInbound(prefixed(Array(repeating: 1, count: 1024)))
        #expect(try channel.readInbound(as: ByteBuffer.self)?.readableBytes == 1024)
        #expect(try channel.finish().isClean)
    }

    @Test("frame codec round-trips every frame kind")
    func codecRoundTrip() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(FrameCodec())
        var frame = WireFrame()
        frame.callID = 41
        frame.headers.method = "/ceo.health.v1.Health/Check"
        frame.headers.timeoutMs = 250
        try channel.writeOutbound(frame)
        let bytes = try #require(try channel.readOutbound(as: ByteBuffer.self))
        try channel.writeInbound(bytes)
        #expect(try channel.readInbound(as: WireFrame.self) == frame)
        #expect(try channel.finish().isClean)
    }

    @Test("bytes that are not a protobuf Frame are a malformed frame")
    func garbageBody() throws {
        let channel = EmbeddedChannel(handler: FrameCodec())
        #expect(throws: MalformedFrameError.self) {
            try channel.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]))
        }
        _ = try? channel.finish()
    }

    @Test("the worked example of docs/PROTOCOL.md is the real encoding")
    func protocolDocumentExample() throws {
        var headers = WireFrame()
        headers.callID = 1
        headers.headers.method = "/ceo.health.v1.Health/Check"
        headers.headers.timeoutMs = 1000
        let method = Array("/ceo.health.v1.Health/Check".utf8)
        let expectedHeaders: [UInt8] = [0x08, 0x01, 0x12, 0x20, 0x0A, 0x1B] + method + [0x18, 0xE8, 0x07]
        #expect(try headers.serializedBytes() == expectedHeaders)
        #expect(expectedHeaders.count == 0x24)

        var message = WireFrame()
        message.callID = 1
        message.message = WireMessage()
        #expect(try message.serializedBytes() == [0x08, 0x01, 0x1A, 0x00])

        var end = WireFrame()
        end.callID = 1
        end.end.status.code = 0
        #expect(try end.serializedBytes() == [0x08, 0x01, 0x22, 0x02, 0x0A, 0x00])
    }
}
