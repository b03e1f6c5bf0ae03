import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation
import Synchronization
import Testing

/// Lets in calls whose `user` metadata names a user holding the required scope
/// (`scopes` metadata, space-separated); records what it was asked.
private final class StubAuthorizer: RPCCallAuthorizer {
    let asked = Mutex<[RequiredScope]>([])

    func principal(for requirement: RequiredScope, context: ServerContext) async throws -> any Sendable {
        asked.withLock { $0.append(requirement) }
        guard let user = context.metadata["user"] else { throw RPCError(.unauthenticated, "who are you?") }
        let scopes = (context.metadata["scopes"] ?? "").split(separator: " ").map(String.init)
        if case .scope(let scope) = requirement, !scopes.contains(scope) {
            throw RPCError(.permissionDenied, "no \(scope)")
        }
        return user
    }
}

/// How many times the service's handlers ran.
private final class Counter: Sendable {
    let value = Mutex(0)

    func increment() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// An echo service whose methods declare scopes; its handlers count their runs.
private struct ScopedEchoService: RPCService {
    static let read = RPCMethodDescriptor<BenchEchoRequest, BenchEchoResponse>(
        path: "/test.Scoped/Read", kind: .unary, allowedCallers: [CallerRule("*")], requiredScope: .scope("runs:read")
    )
    static let watch = RPCMethodDescriptor<BenchStreamRequest, BenchEchoResponse>(
        path: "/test.Scoped/Watch", kind: .serverStreaming, allowedCallers: [CallerRule("*")], requiredScope: .anyScope
    )
    static let open = RPCMethodDescriptor<BenchEchoRequest, BenchEchoResponse>(
        path: "/test.Scoped/Open", kind: .unary, allowedCallers: [CallerRule("*")], requiredScope: .none
    )

    let stub: StubAuthorizer
    let runs: Counter

    var authorizer: (any RPCCallAuthorizer)? { stub }

    func registerMethods(with router: inout RPCRouter) {
        router.register(Self.read) { [runs] request, context in
            runs.increment()
            // The task's current context is the authorized one, for the calls the handler makes.
            let current = ServerContext.current?.principal as? String
            var response = BenchEchoResponse()
            response.payload = Data(((context.principal as? String) ?? "none").utf8) + request.payload + Data((current ?? "-").utf8)
            return response
        }
        router.register(Self.watch) { [runs] _, writer, context in
            runs.increment()
            var response = BenchEchoResponse()
            response.payload = Data(((context.principal as? String) ?? "none").utf8)
            try await writer.send(response)
        }
        router.register(Self.open) { [runs] _, context in
            runs.increment()
            var response = BenchEchoResponse()
            response.payload = Data((context.principal == nil ? "none" : "some").utf8)
            return response
        }
    }
}

@Suite("Call authorization in the router", .timeLimit(.minutes(1)))
struct CallAuthorizationTests {
    let pki: TestPKI

    init() throws { pki = try TestPKI() }

    @Test("a scoped method is refused before its handler runs: no credentials, then credentials without the scope")
    func refusedBeforeTheHandler() async throws {
        let service = ScopedEchoService(stub: StubAuthorizer(), runs: Counter())
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let anonymous = await #expect(throws: RPCError.self) { try await client.unary(ScopedEchoService.read, echo("x")) }
                #expect(anonymous?.code == .unauthenticated && anonymous?.message == "who are you?")
                let unscoped = await #expect(throws: RPCError.self) {
                    try await client.unary(
                        ScopedEchoService.read, echo("x"), options: CallOptions(metadata: ["user": "ada", "scopes": "runs:write"])
                    )
                }
                #expect(unscoped?.code == .permissionDenied && unscoped?.message == "no runs:read")
                // A stream is refused before its first message, too.
                let stream = await #expect(throws: RPCError.self) {
                    try await client.serverStreaming(ScopedEchoService.watch, BenchStreamRequest()) { responses in
                        for try await _ in responses {}
                    }
                }
                #expect(stream?.code == .unauthenticated)
            }
        }
        #expect(service.runs.count == 0)
        #expect(service.stub.asked.withLock { $0 } == [.scope("runs:read"), .scope("runs:read"), .anyScope])
    }

    @Test("an admitted call's handler reads the principal resolved once before it; methods that need none never ask")
    func principalReachesTheHandler() async throws {
        let service = ScopedEchoService(stub: StubAuthorizer(), runs: Counter())
        try await TestHarness.withServer(pki: pki, services: [service]) { port in
            try await TestHarness.withClient(pki: pki, ports: [port]) { client in
                let options = CallOptions(metadata: ["user": "ada", "scopes": "runs:read"])
                let read = try await client.unary(ScopedEchoService.read, echo("!"), options: options)
                #expect(String(decoding: read.payload, as: UTF8.self) == "ada!ada")
                let watched = try await client.serverStreaming(ScopedEchoService.watch, BenchStreamRequest(), options: options) { responses in
                    var payloads: [String] = []
                    for try await message in responses { payloads.append(String(decoding: message.payload, as: UTF8.self)) }
                    return payloads
                }
                #expect(watched == ["ada"])
                let open = try await client.unary(ScopedEchoService.open, echo(""), options: options)
                #expect(String(decoding: open.payload, as: UTF8.self) == "none")
            }
        }
        #expect(service.runs.count == 3)
        #expect(service.stub.asked.withLock { $0 } == [.scope("runs:read"), .anyScope])
    }
}
