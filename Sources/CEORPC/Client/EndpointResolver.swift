import Foundation

/// How a client turns the host names of its endpoints into addresses: every address of
/// a name becomes an endpoint of its own (calls balance across them, each verified
/// against the name), resolved at start, again every `interval`, and at once after a
/// connection to one of them fails. Address literals are used as they are.
public struct EndpointResolver: Sendable {
    /// The addresses of a host name (a seam for tests; the system's resolver by default).
    public typealias Resolve = @Sendable (String) async throws -> [String]

    public let resolve: Resolve
    /// How often names are resolved again.
    public let interval: Duration

    public init(interval: Duration = .seconds(30), resolve: @escaping Resolve = EndpointResolver.system) {
        self.resolve = resolve
        self.interval = interval
    }

    /// True for an IPv4 or IPv6 address literal, which is not resolved.
    public static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// The system's resolver (getaddrinfo, on a thread of its own so the cooperative
    /// pool is never blocked), each address once, IPv4 first.
    public static let system: Resolve = { host in
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &result)
                guard status == 0, let first = result else {
                    continuation.resume(throwing: RPCError(.unavailable, "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
                    return
                }
                defer { freeaddrinfo(first) }
                var v4: [String] = [], v6: [String] = []
                var cursor: UnsafeMutablePointer<addrinfo>? = first
                while let entry = cursor {
                    var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                    if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                        let address = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                        if entry.pointee.ai_family == AF_INET6 {
                            if !v6.contains(address) { v6.append(address) }
                        } else if !v4.contains(address) {
                            v4.append(address)
                        }
                    }
                    cursor = entry.pointee.ai_next
                }
                continuation.resume(returning: v4 + v6)
            }
        }
    }
}
