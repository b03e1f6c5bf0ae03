/// Checklists that apply to every company alike, read from `checklists.json`. A
/// deliverable names the one it relies on (attribute `appendix`) and the export prints
/// each named checklist once, at the end, instead of inside every plan.
public struct StandardChecklists: Sendable {
    /// One checklist: groups of items.
    public struct Checklist: Sendable, Hashable, Decodable {
        public struct Group: Sendable, Hashable, Decodable {
            public let name: String
            public let items: [String]
        }

        public let key: String
        public let title: String
        public let groups: [Group]

        /// The checklist as Markdown: a bold line per group, then its items.
        public var markdown: String {
            groups.map { "**\($0.name)**\n" + $0.items.map { "- \($0)" }.joined(separator: "\n") }.joined(separator: "\n\n")
        }
    }

    /// The deliverable attribute that names a checklist.
    public static let attribute = "appendix"

    public let checklists: [Checklist]

    /// Validates the checklists: unique keys, no empty group or item.
    public init(checklists: [Checklist], file: String = "checklists.json") throws(DomainDataError) {
        var keys = Set<String>()
        for (index, checklist) in checklists.enumerated() {
            func fail(_ problem: String) -> DomainDataError { DomainDataError(file: file, "checklists[\(index)] (\(checklist.key)): \(problem)") }
            guard keys.insert(checklist.key).inserted else { throw fail("key is used twice") }
            if checklist.title.isEmpty || checklist.groups.isEmpty { throw fail("needs a title and groups") }
            if checklist.groups.contains(where: { $0.name.isEmpty || $0.items.isEmpty || $0.items.contains(where: \.isEmpty) }) {
                throw fail("a group has no name or an empty item")
            }
        }
        self.checklists = checklists
    }

    /// The checklist `key`, if there is one.
    public func checklist(_ key: String) -> Checklist? { checklists.first { $0.key == key } }

    private struct Document: Decodable { var checklists: [Checklist] }

    private static let loaded = LoadedOnce { () throws(DomainDataError) in
        try StandardChecklists(checklists: DomainDataFile.decode(Document.self, named: "checklists.json").checklists)
    }

    /// The checklists bundled with the product, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> StandardChecklists { try loaded.get() }

    /// The bundled checklists; services check ``bundled()`` at start.
    public static var standard: StandardChecklists { loaded.value("the bundled standard checklists") }
}
