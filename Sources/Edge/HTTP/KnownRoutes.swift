import Foundation
import HTTPTypes

/// The API's routes and their methods, read from the OpenAPI document: a request for a
/// known path with another method is 405 with `Allow`, not 404.
struct KnownRoutes: Sendable {
    /// Each path template's segments (`{id}` matches any one segment) and its methods.
    let routes: [(segments: [String], methods: [String])]

    /// The routes of an OpenAPI document (`paths`); none when it cannot be read.
    init(openAPI document: [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(document))) as? [String: Any]
        let paths = object?["paths"] as? [String: Any] ?? [:]
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        routes = paths.compactMap { path, value in
            guard let operations = value as? [String: Any] else { return nil }
            let allowed = methods.filter { operations[$0] != nil }.map { $0.uppercased() }
            return allowed.isEmpty ? nil : (path.split(separator: "/").map(String.init), allowed)
        }
    }

    /// The methods `path` answers to, in `Allow`'s order (`GET`, `HEAD`, `POST`), or nil for an unknown path.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/").map(String.init) } ?? []
        let methods = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in (template.hasPrefix("{") && template.hasSuffix("}")) || template == segment }
        }.flatMap(\.methods)
        guard !methods.isEmpty else { return nil }
        var allowed = Set(methods)
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter(allowed.contains)
    }
}
