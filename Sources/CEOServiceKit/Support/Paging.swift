public import CEOAPI
import CEORPC

/// A validated page request: its size and the cursor its token carries.
public struct PageCursor<Key: Sendable>: Sendable {
    public let size: Int
    public let after: Key?

    public static var defaultSize: Int { 20 }
    public static var maximumSize: Int { 100 }

    /// Validates `page`; `decode` turns a token back into a cursor key (nil: not ours).
    /// INVALID_ARGUMENT names `page.page_size` or `page.page_token`.
    public init(_ page: PageRequest, decode: (String) -> Key?) throws {
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

/// The position after the last row of a newest-first page ordered by creation time,
/// then id; its token is `<created_at_ms>_<id>`.
public struct CreationCursor: Sendable, Hashable {
    public let createdAtMs: Int64
    public let id: String

    public init(createdAtMs: Int64, id: String) {
        self.createdAtMs = createdAtMs
        self.id = id
    }

    public init?(token: String) {
        let parts = token.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let createdAtMs = Int64(parts[0]), !parts[1].isEmpty else { return nil }
        self.init(createdAtMs: createdAtMs, id: String(parts[1]))
    }

    public var token: String { "\(createdAtMs)_\(id)" }
}
