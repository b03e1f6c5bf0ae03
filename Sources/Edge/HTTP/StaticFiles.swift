import Foundation
import HTTPTypes
import Logging
public import Hummingbird

/// Serves the web app's files (Hummingbird's `FileMiddleware`: ETag and
/// `If-None-Match`, ranges, media types, no `..`) for paths no route matched, with a
/// cache policy by name: fingerprinted files (`name.<8+ hex digits>.ext`) never change,
/// so they are cached for a year; everything else is revalidated (`no-cache`, 304 when
/// the ETag still matches), so a new deployment is picked up at once. Paths under
/// `/api/` are the API's only.
public struct StaticFiles: RouterMiddleware {
    public typealias Context = EdgeRequestContext

    let files: FileMiddleware<EdgeRequestContext, LocalFileSystem>

    /// Serves `root`; `/` is its `index.html`.
    init(root: String) {
        files = FileMiddleware(root, searchForIndexHtml: true, logger: Logger(label: "edge.static"))
            .withAdditionalMediaTypes(forFileExtensions: ["js": .init(type: .application, subType: "javascript", parameter: ("charset", "utf-8")), "webmanifest": .init(type: .application, subType: "manifest+json")])
    }

    public func handle(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        guard Self.mayServe(request) else { return try await next(request, context) }
        return try await serve(request, context: context, next: next)
    }

    /// Whether a request may be for a file: the API is never a file, so its requests
    /// skip the file lookup.
    static func mayServe(_ request: Request) -> Bool {
        !request.isForAPI
    }

    /// The routes' answer (`next`), or the file when they have none (404).
    func serve(_ request: Request, context: EdgeRequestContext, next: (Request, EdgeRequestContext) async throws -> Response) async throws -> Response {
        var response = try await files.handle(request, context: context, next: next)
        guard context.endpointPath == "FileMiddleware" else { return response }
        response.headers[.cacheControl] = Self.isFingerprinted(request.uri.path) ? "public, max-age=31536000, immutable" : "no-cache"
        return response
    }

    /// `app.3f2a9c1b.js`: a name whose second-to-last dot-separated part is 8+ hex digits.
    static func isFingerprinted(_ path: String) -> Bool {
        let parts = (path.split(separator: "/").last ?? "").split(separator: ".")
        guard parts.count >= 3 else { return false }
        let fingerprint = parts[parts.count - 2]
        return fingerprint.count >= 8 && fingerprint.allSatisfy(\.isHexDigit)
    }

    /// The web app bundled with the edge (`Sources/Edge/WebApp`).
    static var bundledRoot: String? {
        Bundle.module.url(forResource: "WebApp", withExtension: nil)?.path
    }
}
