public import CEORPC
public import Foundation

/// Where webhooks may point. In the production profile a URL must be HTTPS and its host
/// must resolve only to public addresses — never loopback, private, link-local,
/// carrier-grade NAT, multicast or unspecified ones — so that a webhook cannot make the
/// Orchestrator call into its own network (server-side request forgery). The check is
/// made when the webhook is created and again before every delivery (the name may
/// resolve elsewhere by then). Elsewhere (development, staging) any http(s) URL goes, so
/// that a local receiver can be tried out.
public struct WebhookURLPolicy: Sendable {
    /// Resolves a host name to its addresses (a seam for tests; the RPC client's system resolver by default).
    public typealias Resolver = EndpointResolver.Resolve

    public let strict: Bool
    let resolve: Resolver

    public init(strict: Bool, resolve: @escaping Resolver = EndpointResolver.system) {
        self.strict = strict
        self.resolve = resolve
    }

    /// The URL, or INVALID_ARGUMENT naming `url` and why.
    @discardableResult
    public func check(_ text: String) async throws -> URL {
        func refuse(_ why: String) -> RPCError {
            RPCError(.invalidArgument, "url: \(why)", details: [FieldViolation(field: "url", description: why)])
        }
        guard text.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host(percentEncoded: false), !host.isEmpty else {
            throw refuse("must be an absolute http or https URL of at most 2,000 characters")
        }
        guard url.user == nil, url.password == nil else { throw refuse("must not carry a user name or password") }
        guard scheme == "https" || (!strict && scheme == "http") else {
            throw refuse(strict ? "must be https in production" : "must be http or https")
        }
        guard strict else { return url }
        let addresses: [String]
        let literal = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if EndpointResolver.isAddress(literal) {
            addresses = [literal]
        } else {
            do { addresses = try await resolve(host) } catch { throw refuse("the host \(host) does not resolve") }
        }
        guard !addresses.isEmpty else { throw refuse("the host \(host) does not resolve") }
        if let inside = addresses.first(where: { !Self.isPublic($0) }) {
            throw refuse("\(host) resolves to \(inside), which is not a public address")
        }
        return url
    }

    /// True for a globally routable unicast address.
    public static func isPublic(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let bytes = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            let (a, b) = (bytes[0], bytes[1])
            switch a {
            case 0, 10, 127: return false                   // unspecified, private, loopback
            case 100 where (64...127).contains(b): return false   // carrier-grade NAT
            case 169 where b == 254: return false           // link-local (cloud metadata)
            case 172 where (16...31).contains(b): return false
            case 192 where b == 168: return false
            case 192 where b == 0 && bytes[2] == 0: return false  // IETF protocol assignments
            case 198 where b == 18 || b == 19: return false // benchmarking
            case 224...255: return false                     // multicast, reserved, broadcast
            default: return true
            }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes.allSatisfy({ $0 == 0 }) { return false }                       // ::
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return false } // ::1
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {  // ::ffff:a.b.c.d
            return isPublic("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
        }
        if bytes[0] & 0xfe == 0xfc { return false }       // unique local fc00::/7
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return false } // link-local fe80::/10
        if bytes[0] == 0xff { return false }              // multicast
        return true
    }
}
