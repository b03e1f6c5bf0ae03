import Hummingbird
import Logging
import NIOCore
import Prometheus

/// `POST /api/csp-report`: browsers report CSP violations here, without credentials;
/// counted per address (the CSP-report rate limit), logged and counted in metrics.
struct CSPReportRoutes {
    let metrics: EdgeMetrics

    struct Accepted: Encodable {
        var success = true
    }

    func register(on router: Router<EdgeRequestContext>, guards: RouteGuards) {
        let reports = guards.routes(on: router, .anyone, rateLimit: \.cspReport)
        // Browsers post violation reports as application/csp-report (or reports+json).
        reports.post("/api/csp-report") { request, context in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: 16 << 10)
            } catch {
                throw EdgeError(.bodyTooLarge, "a CSP report is at most 16 KiB")
            }
            let report = String(decoding: buffer.readableBytesView, as: UTF8.self)
            context.logger.warning("CSP violation report", metadata: ["report": "\(report.prefix(2_000))"])
            metrics.cspReports.increment()
            return try JSONResponse.make(.accepted, Accepted())
        }
    }
}
