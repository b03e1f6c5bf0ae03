import Synchronization

/// The endpoints of one service: round-robin over those not ejected, one reused
/// connection each, and temporary ejection with exponential backoff after failures.
/// A configured endpoint whose host is a name stands for every address the name
/// resolves to (``replace(_:with:)``), each an endpoint of its own.
final class EndpointPool: Sendable {
    private struct Entry {
        /// The endpoint as configured (a host name, or an address).
        let origin: RPCEndpoint
        /// Where the connection goes: `origin`, or one address of its name (verified against the name).
        let endpoint: RPCEndpoint
        var connection: ClientConnection?
        var consecutiveFailures = 0
        var ejectedUntil: ContinuousClock.Instant?
    }

    private struct State {
        var entries: [Entry]
        var cursor = 0
        var shutDown = false
    }

    private let state: Mutex<State>
    private let backoffBase: Duration
    private let backoffMax: Duration
    private let makeConnection: @Sendable (RPCEndpoint) -> ClientConnection?

    /// `makeConnection` starts a connection (in the client's task group) or returns
    /// nil when the client no longer runs.
    init(
        endpoints: [RPCEndpoint], backoffBase: Duration, backoffMax: Duration,
        makeConnection: @escaping @Sendable (RPCEndpoint) -> ClientConnection?
    ) {
        state = Mutex(State(entries: endpoints.map { Entry(origin: $0, endpoint: $0) }))
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.makeConnection = makeConnection
    }

    /// The connection for the next call: the next endpoint in turn that is not
    /// ejected (or, when all are, the one whose ejection ends first).
    func next(excluding tried: Set<RPCEndpoint> = []) -> ClientConnection? {
        state.withLock { state in
            guard !state.shutDown, !state.entries.isEmpty else { return nil }
            let now = ContinuousClock.now
            let count = state.entries.count
            var chosen: Int?
            for step in 0..<count {
                let index = (state.cursor + step) % count
                let entry = state.entries[index]
                if tried.contains(entry.endpoint) { continue }
                if let until = entry.ejectedUntil, until > now { continue }
                chosen = index
                break
            }
            if chosen == nil {
                chosen = state.entries.indices
                    .filter { !tried.contains(state.entries[$0].endpoint) }
                    .min { (state.entries[$0].ejectedUntil ?? now) < (state.entries[$1].ejectedUntil ?? now) }
            }
            guard let index = chosen else { return nil }
            state.cursor = (index + 1) % count
            if let connection = state.entries[index].connection, connection.isAcceptingCalls {
                return connection
            }
            let connection = makeConnection(state.entries[index].endpoint)
            state.entries[index].connection = connection
            return connection
        }
    }

    /// The endpoint could not be reached: eject it for a growing while.
    func reportFailure(_ endpoint: RPCEndpoint) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.endpoint == endpoint }) else { return }
            state.entries[index].consecutiveFailures += 1
            let exponent = min(state.entries[index].consecutiveFailures - 1, 16)
            let backoff = min(backoffBase * (1 << exponent), backoffMax)
            let jitter = backoff * Double.random(in: 0...0.2)
            state.entries[index].ejectedUntil = .now + backoff + jitter
            state.entries[index].connection = nil
        }
    }

    /// A call reached the endpoint: it is healthy again.
    func reportSuccess(_ endpoint: RPCEndpoint) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.endpoint == endpoint }),
                  state.entries[index].consecutiveFailures > 0 || state.entries[index].ejectedUntil != nil
            else { return }
            state.entries[index].consecutiveFailures = 0
            state.entries[index].ejectedUntil = nil
        }
    }

    var endpointCount: Int { state.withLock { $0.entries.count } }

    /// The endpoints calls go to now (for tests and logs).
    var endpoints: [RPCEndpoint] { state.withLock { $0.entries.map(\.endpoint) } }

    /// The configured endpoint `origin` stands, from now on, for these addresses: new ones
    /// join (unejected), gone ones leave, and the connections of those that left are
    /// returned for the caller to shut down gracefully (their open calls finish). An empty
    /// list changes nothing (a failed lookup must not empty the pool).
    func replace(_ origin: RPCEndpoint, with addresses: [String]) -> [ClientConnection] {
        guard !addresses.isEmpty else { return [] }
        let wanted = addresses.map { RPCEndpoint(host: $0, port: origin.port, serverName: origin.serverName ?? origin.host) }
        return state.withLock { state in
            guard !state.shutDown else { return [] }
            var leaving: [ClientConnection] = []
            var kept: [Entry] = []
            for entry in state.entries {
                if entry.origin != origin || wanted.contains(entry.endpoint) {
                    kept.append(entry)
                } else if let connection = entry.connection {
                    leaving.append(connection)
                }
            }
            for endpoint in wanted where !kept.contains(where: { $0.origin == origin && $0.endpoint == endpoint }) {
                kept.append(Entry(origin: origin, endpoint: endpoint))
            }
            state.entries = kept
            state.cursor = state.entries.isEmpty ? 0 : state.cursor % state.entries.count
            return leaving
        }
    }

    /// The configured endpoint an endpoint stands for.
    func origin(of endpoint: RPCEndpoint) -> RPCEndpoint? {
        state.withLock { state in state.entries.first { $0.endpoint == endpoint }?.origin }
    }

    /// Stops handing out connections; returns the live ones.
    func shutdown() -> [ClientConnection] {
        state.withLock { state in
            state.shutDown = true
            return state.entries.compactMap(\.connection)
        }
    }
}
