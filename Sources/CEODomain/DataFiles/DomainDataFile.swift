public import Foundation

/// Reads the JSON data files bundled with the domain library (`Catalog/Data`).
enum DomainDataFile {
    /// Decodes `name` (for example `agents.json`) from the bundle.
    static func decode<Document: Decodable>(_ type: Document.Type, named name: String) throws(DomainDataError) -> Document {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts.count > 1 ? parts[1] : nil),
              let data = try? Data(contentsOf: url) else {
            throw DomainDataError(file: name, "missing from the CEODomain bundle")
        }
        return try decode(type, from: data, file: name)
    }

    /// Decodes `data` as the file `file`; the error names the file and the path of the bad value.
    static func decode<Document: Decodable>(_ type: Document.Type, from data: Data, file: String) throws(DomainDataError) -> Document {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DomainDataError(file: file, "\(path(context.codingPath)) has no '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw DomainDataError(file: file, "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw DomainDataError(file: file, "\(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw DomainDataError(file: file, "not readable: \(error)")
        }
    }

    /// `agents[2].planning` from a decoding path.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "the document" : text
    }
}

/// The domain library's bundled data files, for a fingerprint of the figures a result
/// was computed from (a cache keyed on it never serves a result priced with old data).
public enum DomainDataFiles {
    /// Every JSON file of the bundle, by name, in name order.
    public static func contents() -> [(name: String, data: Data)] {
        jsonFiles(in: Bundle.module)
    }

    /// Every JSON file at the top of `bundle`'s resources, by name, in name order.
    public static func jsonFiles(in bundle: Bundle) -> [(name: String, data: Data)] {
        guard let directory = bundle.resourceURL,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).map { (name, $0) }
        }
    }
}
