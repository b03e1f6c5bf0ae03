public import SwiftProtobuf

/// The responses of a server-streaming call. Reading grants the server room for more
/// (flow control); the stream ends when the server ends the call, or throws its
/// ``RPCError``.
public struct RPCResponseStream<Response: SwiftProtobuf.Message & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Response

    let call: ClientCall
    let connection: ClientConnection
    let window: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: call.responses.makeAsyncIterator(), call: call, connection: connection, batch: Swift.max(1, window / 2))
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        let call: ClientCall
        let connection: ClientConnection
        let batch: Int
        var consumed = 0

        public mutating func next() async throws -> Response? {
            do {
                guard let payload = try await base.next() else { return nil }
                consumed += 1
                if consumed >= batch {
                    connection.grant(call, messages: consumed)
                    consumed = 0
                }
                return try RPCClient.decode(Response.self, payload)
            } catch let error as NotProcessedError {
                throw error.error
            }
        }
    }
}
