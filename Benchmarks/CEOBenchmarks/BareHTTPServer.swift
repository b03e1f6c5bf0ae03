import Edge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The framework's ceiling for the edge: Hummingbird 2 with the edge's TLS settings
/// (``EdgeHTTPConfiguration/serverTLS(certificateChain:privateKey:)``) and nothing
/// else — no middleware, no authentication, no WebSocket upgrade — answering one path
/// with a body held in memory. `scripts/bench-side-by-side.sh` measures it beside the
/// edge and nginx under the same load.
public struct BareHTTPServer: Sendable {
    public let host: String
    public let port: Int
    public let path: String
    public let body: [UInt8]
    public let certificateFile: String
    public let keyFile: String

    public init(host: String, port: Int, path: String, body: [UInt8], certificateFile: String, keyFile: String) {
        self.host = host
        self.port = port
        self.path = path
        self.body = body
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }

    /// Serves until the process is stopped (SIGTERM or SIGINT).
    public func run() async throws {
        let tls = EdgeHTTPConfiguration.serverTLS(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificateFile), privateKey: try NIOSSLPrivateKey(file: keyFile, format: .pem)
        )
        let router = Router()
        let body = ByteBuffer(bytes: body)
        router.get(RouterPath(path)) { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        var logger = Logger(label: "bare-http")
        logger.logLevel = .error
        let app = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            logger: logger
        )
        try await app.runService()
    }
}
