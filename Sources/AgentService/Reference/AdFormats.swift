import Foundation

/// The text limits of the ad formats the campaigns agent writes copy for, with their sources.
public struct AdFormats: Sendable {
    /// One text field of an ad format.
    public struct Format: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var maxCharacters: Int
        /// How many the agent writes.
        public var count: Int
        public var source: String
        public var asOf: String

        enum CodingKeys: String, CodingKey {
            case id, name, count, source, maxCharacters = "max_characters", asOf = "as_of"
        }
    }

    public let formats: [String: Format]

    /// The formats the copy writer needs; a file without one of them is refused at load.
    public static let required = ["google_rsa_headline", "google_rsa_description", "meta_primary_text", "meta_headline"]

    private struct Document: Decodable { var formats: [Format] }

    init(decoding file: ReferenceData.File) throws {
        let document = try ReferenceData.decode(Document.self, from: file)
        for format in document.formats where format.maxCharacters <= 0 || format.count <= 0 || format.source.isEmpty || format.asOf.isEmpty {
            throw ReferenceDataError("\(file.name).json: format '\(format.id)' needs a positive limit and count, a source and an as_of date")
        }
        formats = Dictionary(document.formats.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if let missing = Self.required.first(where: { formats[$0] == nil }) {
            throw ReferenceDataError("\(file.name).json has no format '\(missing)'")
        }
    }

    /// The format `id`; one of ``required``, which loading checked.
    public subscript(_ id: String) -> Format { formats[id]! }
}
