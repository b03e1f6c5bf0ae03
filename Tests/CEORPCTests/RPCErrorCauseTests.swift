import CEOAPI
import CEORPC
import CEOTestSupport
import Testing

/// A domain error, converted to a status in one place.
private enum ShelfError: RPCErrorConvertible, Equatable {
    case noSuchBook(String)

    var rpcError: RPCError {
        switch self {
        case .noSuchBook(let title): RPCError(.notFound, "no book '\(title)'", cause: self)
        }
    }
}

@Suite("RPCError's cause", .timeLimit(.minutes(1)))
struct RPCErrorCauseTests {
    @Test("an RPCError keeps the error it was made from, which does not change what it equals")
    func keepsItsCause() throws {
        let error = RPCError(.notFound, "no book 'Emma'", cause: ShelfError.noSuchBook("Emma"))
        #expect(error.cause as? ShelfError == .noSuchBook("Emma"))
        #expect(error == RPCError(.notFound, "no book 'Emma'"))
        #expect(error.description == "\(RPCStatusCode.notFound): no book 'Emma' (cause: noSuchBook(\"Emma\"))")
        #expect(RPCError(.notFound, "no book 'Emma'").cause == nil)
        let converted = try #require(RPCError(converting: ShelfError.noSuchBook("Emma")))
        #expect(converted == error && converted.cause as? ShelfError == .noSuchBook("Emma"))
        #expect(RPCError(converting: CancellationError()) == nil)
    }

    @Test("a domain error thrown by a handler ends the call with its status; the cause stays on the server")
    func convertedAtTheBoundary() async throws {
        let pki = try TestPKI()
        let service = ClosureRPCService { router in
            router.register(BenchmarkRPC.echo) { _, _ in throw ShelfError.noSuchBook("Emma") }
        }
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let error = await #expect(throws: RPCError.self) { try await client.unary(BenchmarkRPC.echo, echo("x")) }
                #expect(error?.code == .notFound && error?.message == "no book 'Emma'")
                #expect(error?.cause == nil)
            }
        }
    }
}
