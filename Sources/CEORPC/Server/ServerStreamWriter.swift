public import SwiftProtobuf

/// Sends the messages of a server stream. `send` suspends while the client has no
/// room (flow-control credit) or the connection is not writable, so a slow reader
/// never makes the server buffer without bound.
public struct ServerStreamWriter<Response: SwiftProtobuf.Message & Sendable>: Sendable {
    let sendBytes: @Sendable ([UInt8]) async throws -> Void

    /// Sends one message; throws when the call has ended (cancelled, deadline, closed).
    public func send(_ message: Response) async throws {
        try await sendBytes(try message.serializedBytes())
    }
}
