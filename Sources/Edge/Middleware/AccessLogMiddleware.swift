import HTTPTypes
public import Hummingbird
import CEOServiceKit
import Logging

/// One log line per answered request: method, path (never the query, which may carry
/// tokens), status, duration and the client's address, with the request id (and trace
/// id) from the logger's metadata. Health checks log at debug.
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            Self.log(request, context, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500, since: start)
            throw error
        }
        Self.log(request, context, status: Int(response.status.code), since: start)
        return response
    }

    /// The line for one answered request.
    static func log(_ request: Request, _ context: EdgeRequestContext, status: Int, since start: ContinuousClock.Instant) {
        // The level first: the context's logger is built when read.
        guard context.requestLogger.logLevel <= .info else { return }
        log(request, logger: context.logger, client: context.clientAddress, status: status, since: start)
    }

    /// The line for one answered request, on `logger`.
    static func log(_ request: Request, logger: Logger, client: String, status: Int, since start: ContinuousClock.Instant) {
        // Nothing to measure or format when the logger drops info lines (the usual
        // setting under load).
        guard logger.logLevel <= .info else { return }
        let milliseconds = (ContinuousClock.now - start).timeInterval * 1000
        logger.log(level: request.uri.path.hasPrefix("/health") ? .debug : .info, "request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path.prefix(200))", "status": "\(status)",
            "duration_ms": "\((milliseconds * 10).rounded() / 10)", "client": "\(client)",
        ])
    }
}
