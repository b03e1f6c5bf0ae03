import CEODomain
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/openapi.json`: the API's OpenAPI 3.1 document (``OpenAPIDocument``), built
/// once when the router is.
struct OpenAPIRoute {
    let document: Result<[UInt8], any Error>

    init(catalog: AgentCatalog) {
        document = Result { try OpenAPIDocument.build(catalog: catalog) }
    }

    /// The document's routes and methods (none when it could not be built).
    var knownRoutes: KnownRoutes { KnownRoutes(openAPI: (try? document.get()) ?? []) }

    func register(on router: some RouterMethods<EdgeRequestContext>) {
        router.get("/api/openapi.json") { [document] _, _ in
            let bytes = try document.get()
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
