import CEOAPI
import CEORPC

/// A validated page request: its size and the cursor its token carries.
struct PageCursor<Key: Sendable>: Sendable {
    let size: Int
    let after: Key?

    static var defaultSize: Int { 20 }
    static var maximumSize: Int { 100 }

    /// Validates `page`; `decode` turns a token back into a cursor key (nil: not ours).
    init(_ page: PageRequest, decode: (String) -> Key?) throws {
        var validation = FieldValidation()
        if page.pageSize < 0 || page.pageSize > Int32(Self.maximumSize) {
            validation.fail("page.page_size", "must be 1–\(Self.maximumSize) (0 means \(Self.defaultSize)), got \(page.pageSize)")
        }
        var after: Key?
        if !page.pageToken.isEmpty {
            after = decode(page.pageToken)
            if after == nil { validation.fail("page.page_token", "is not a token this list returned") }
        }
        try validation.check("invalid page")
        size = page.pageSize == 0 ? Self.defaultSize : Int(page.pageSize)
        self.after = after
    }
}
