public import SwiftProtobuf

/// The responses of a server-streaming call. Reading grants the server room for more
/// (flow control, ``StreamReceiveWindow``); the stream ends when the server ends the
/// call, or throws its ``RPCError``.
public struct RPCResponseStream<Response: SwiftProtobuf.Message & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Response

    let call: ClientCall
    let connection: ClientConnection
    let window: StreamReceiveWindow

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: call.responses.makeAsyncIterator(), call: call, connection: connection, window: window)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        let call: ClientCall
        let connection: ClientConnection
        var window: StreamReceiveWindow

        public mutating func next() async throws -> Response? {
            do {
                guard let payload = try await base.next() else { return nil }
                if let credit = window.consume(bytes: payload.count) {
                    connection.grant(call, messages: credit)
                }
                return try RPCClient.decode(Response.self, payload)
            } catch let error as NotProcessedError {
                throw error.error
            }
        }
    }
}
