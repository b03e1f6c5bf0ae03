@testable import Edge
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@Suite("The upgrade refusal handler: the edge's answer in place of the library's 400, on the first response only")
struct UpgradeRefusalHandlerTests {
    private func channel(_ refusals: UpgradeRefusals) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(UpgradeRefusalHandler(refusals: refusals))
        return channel
    }

    private func heldHandler(_ channel: EmbeddedChannel) -> Bool {
        (try? channel.pipeline.syncOperations.handler(type: UpgradeRefusalHandler.self)) != nil
    }

    @Test("a refused upgrade's 400 is replaced by the recorded refusal, and the handler leaves the pipeline")
    func replacesRefusal() throws {
        let refusals = UpgradeRefusals()
        let channel = try channel(refusals)
        var head = HTTPResponse(status: .unauthorized)
        head.headerFields[.contentType] = "application/json"
        refusals.record(.init(head: head, body: ByteBuffer(string: #"{"error":"unauthenticated"}"#)), for: channel)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        guard case .head(let written)? = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no head"); return }
        #expect(written.status == .unauthorized && written.headerFields[.contentLength] == "27" && written.headerFields[.connection] == "close")
        guard case .body(let body)? = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no body"); return }
        #expect(String(buffer: body) == #"{"error":"unauthenticated"}"#)
        guard case .end? = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no end"); return }
        #expect(refusals.count == 0)
        #expect(!heldHandler(channel))
        _ = try channel.finish()
    }

    @Test("any first response passes unchanged and the handler leaves: a connection upgrades only on its first request")
    func leavesAfterFirstResponse() throws {
        let refusals = UpgradeRefusals()
        let channel = try channel(refusals)
        #expect(heldHandler(channel))
        // Written, not yet flushed: still there; the flush goes through, then it leaves.
        channel.write(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        #expect(heldHandler(channel))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(!heldHandler(channel))
        // A later 400 with a refusal recorded (which cannot happen once the connection has
        // answered a request) is no longer looked at.
        refusals.record(.init(head: HTTPResponse(status: .unauthorized), body: ByteBuffer()), for: channel)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest)))
        guard case .head(let first)? = try channel.readOutbound(as: HTTPResponsePart.self),
              case .end? = try channel.readOutbound(as: HTTPResponsePart.self),
              case .head(let second)? = try channel.readOutbound(as: HTTPResponsePart.self)
        else { Issue.record("head, end, head expected"); return }
        #expect(first.status == .ok && second.status == .badRequest)
        _ = try channel.finish()
    }
}
