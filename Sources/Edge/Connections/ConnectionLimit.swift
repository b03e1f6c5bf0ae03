import HummingbirdCore
import Prometheus

/// At most `maximum` open connections: at the cap the listener stops accepting (new
/// connections wait in the kernel's backlog) until one closes. Reports the open count.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    let openConnections: Gauge
    private var count = 0

    init(maximum: Int, openConnections: Gauge) {
        self.maximum = maximum
        self.openConnections = openConnections
    }

    mutating func connectionOpened() {
        count += 1
        openConnections.set(Int64(count))
    }

    mutating func connectionClosed() {
        count -= 1
        openConnections.set(Int64(count))
    }

    func isAcceptingNewConnections() -> Bool { count < maximum }
}
