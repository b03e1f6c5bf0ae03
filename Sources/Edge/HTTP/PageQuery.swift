import CEOAPI
import Hummingbird

/// `?page_size=…&page_token=…` of a list route, as the internal `PageRequest`.
enum PageQuery {
    static func from(_ request: Request) throws -> PageRequest {
        var page = PageRequest()
        let query = request.uri.queryParameters
        if let size = query["page_size"] {
            guard let value = Int32(String(size)), (1...100).contains(value) else {
                throw EdgeError(.invalidRequest, "page_size must be 1–100")
            }
            page.pageSize = value
        }
        if let token = query["page_token"] { page.pageToken = String(token) }
        return page
    }
}
