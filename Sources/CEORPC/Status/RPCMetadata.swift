/// Call metadata: ordered key/value pairs with lower-case ASCII keys.
public struct RPCMetadata: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var entries: [(key: String, value: String)]

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { (key: $0.0.lowercased(), value: $0.1) }
    }

    /// The first value for `key`, or nil.
    public subscript(key: String) -> String? {
        get { entries.first { $0.key == key.lowercased() }?.value }
        set {
            let key = key.lowercased()
            entries.removeAll { $0.key == key }
            if let newValue { entries.append((key: key, value: newValue)) }
        }
    }

    /// Adds a value, keeping earlier ones for the same key.
    public mutating func append(_ value: String, forKey key: String) {
        entries.append((key: key.lowercased(), value: value))
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Bytes the metadata occupies on the wire (keys plus values), for the size limit.
    public var byteCount: Int { entries.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count } }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        entries.makeIterator()
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}

extension RPCMetadata {
    init(wire: [WireMetadataEntry]) {
        self.init()
        for entry in wire { append(entry.value, forKey: entry.key) }
    }

    var wire: [WireMetadataEntry] {
        map {
            var entry = WireMetadataEntry()
            entry.key = $0.key
            entry.value = $0.value
            return entry
        }
    }
}
