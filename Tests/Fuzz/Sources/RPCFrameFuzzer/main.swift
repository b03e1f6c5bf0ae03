// libFuzzer entry point for the RPC frame decoder: the bytes a peer sends, after TLS.
//
// The input goes through the same inbound handlers a connection uses
// (`BoundedLengthFieldFrameDecoder` then `FrameCodec`), fed in chunks whose size the
// first byte chooses, so that frames split across reads are covered. The decoder may
// refuse the input only with `FrameTooLargeError` or `MalformedFrameError`; every frame
// it lets through must have a kind and must survive a serialize-and-parse round trip.

import CEORPC
import NIOCore
import NIOEmbedded
import SwiftProtobuf

/// The connection's limit is 4 MiB; a small one here lets the fuzzer reach the refusal.
let maxFrameBytes = 4_096

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPCFrames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    let chunkSize = Int(input[0] % 64) + 1
    let wire = input.dropFirst()

    let channel = EmbeddedChannel()
    try! channel.pipeline.syncOperations.addHandlers([
        ByteToMessageHandler(BoundedLengthFieldFrameDecoder(maxFrameBytes: maxFrameBytes)),
        FrameCodec(),
    ])
    var offset = wire.startIndex
    feeding: while offset < wire.endIndex {
        let end = min(offset + chunkSize, wire.endIndex)
        do {
            try channel.writeInbound(ByteBuffer(bytes: wire[offset..<end]))
        } catch is FrameTooLargeError {
            break feeding  // the connection closes here
        } catch is MalformedFrameError {
            break feeding
        } catch {
            fatalError("the frame decoder refused input with an unexpected error: \(error)")
        }
        offset = end
        while let frame = try! channel.readInbound(as: WireFrame.self) {
            check(frame)
        }
    }
    _ = try? channel.finish()
    return 0
}

/// A frame the decoder let through is complete and means the same after a round trip.
func check(_ frame: WireFrame) {
    precondition(frame.kind != nil, "a frame without a kind got through")
    let bytes: [UInt8] = try! frame.serializedBytes()
    precondition(bytes.count <= maxFrameBytes, "a frame larger than the limit got through")
    let again = try! WireFrame(serializedBytes: bytes)
    precondition(again == frame, "the frame changed in a round trip")
}
