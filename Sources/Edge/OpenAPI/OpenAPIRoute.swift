import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/openapi.json`: the API's OpenAPI 3.1 document (`OpenAPI/openapi.json`).
enum OpenAPIRoute {
    /// The document's bytes, read once from the bundle; an error names the problem.
    static let document: Result<[UInt8], EdgeConfigurationError> = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            return .failure(EdgeConfigurationError("the OpenAPI document is missing from the Edge bundle"))
        }
        return .success(Array(data))
    }()

    static func register(on router: Router<EdgeRequestContext>) {
        router.get("/api/openapi.json") { _, _ in
            let bytes = try document.get()
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
