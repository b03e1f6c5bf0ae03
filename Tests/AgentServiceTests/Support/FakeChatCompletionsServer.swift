import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on loopback that speaks the chat-completions API with scripted
/// answers, for tests of the remote model client.
final class ChatCompletionsServer: Sendable {
    struct Reply: Sendable {
        var status: Int = 200
        var headers: [(String, String)] = []
        var body: String
        var delay: Duration = .zero
    }

    struct Received: Sendable {
        var path: String
        var authorization: String?
        var body: String
    }

    private let replies: Mutex<[Reply]>
    let received = Mutex<[Received]>([])
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    /// Answers requests with `replies` in order (the last one repeats).
    init(replies: [Reply]) { self.replies = Mutex(replies) }

    /// Starts listening; returns the base URL (`http://127.0.0.1:<port>/v1`).
    func start() async throws -> URL {
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
        return URL(string: "http://127.0.0.1:\(bound.localAddress!.port!)/v1")!
    }

    func stop() async throws { try await channel.withLock { $0 }?.close() }

    fileprivate func next(_ request: Received) -> Reply {
        received.withLock { $0.append(request) }
        return replies.withLock { replies in replies.count > 1 ? replies.removeFirst() : replies[0] }
    }

    /// A completion whose content is `content`, with token usage.
    static func completion(content: String, promptTokens: Int = 1_000, completionTokens: Int = 500) -> String {
        let object: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
            "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": content]]],
            "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens],
        ]
        return String(data: try! JSONSerialization.data(withJSONObject: object), encoding: .utf8)!
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: ChatCompletionsServer
        var head: HTTPRequestHead?
        var body = ""

        init(server: ChatCompletionsServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(var buffer):
                body += buffer.readString(length: buffer.readableBytes) ?? ""
            case .end:
                guard let head else { return }
                let reply = server.next(Received(path: head.uri, authorization: head.headers["authorization"].first, body: body))
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(Int64(reply.delay.components.seconds * 1_000_000_000 + reply.delay.components.attoseconds / 1_000_000_000))) {
                    let (handler, context) = loopBound.value
                    handler.respond(reply, keepAlive: head.isKeepAlive, context: context)
                }
            }
        }

        private func respond(_ reply: Reply, keepAlive: Bool, context: ChannelHandlerContext) {
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(reply.body.utf8.count))])
            for (name, value) in reply.headers { headers.add(name: name, value: value) }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: reply.status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        }
    }
}
