public import Foundation

/// The jurisdiction packs of the supported countries, loaded from
/// `jurisdiction-<CC>.json` and validated: every money figure (a `*_minor` amount, a
/// per-subdivision table, an exchange rate) sits in an object with a non-empty `source`
/// and an `as_of` date (YYYY-MM-DD), and the pack names its country and currency.
public struct JurisdictionPacks: Sendable {
    /// The packs by ISO 3166-1 alpha-2 code.
    public let packs: [String: JurisdictionPack]

    /// The countries the product has packs for.
    public static let countries = ["US", "GB", "CA", "DE", "FR", "IE", "AU"]

    /// The pack of `country`, or nil for a country the product does not cover.
    public func pack(for country: String) -> JurisdictionPack? { packs[country] }

    /// The packs bundled with the product; throws naming the file and the figure.
    private static func load() throws(DomainDataError) -> JurisdictionPacks {
        var packs: [String: JurisdictionPack] = [:]
        for country in countries {
            let file = "jurisdiction-\(country).json"
            guard let url = Bundle.module.url(forResource: "jurisdiction-\(country)", withExtension: "json"),
                  let data = try? Data(contentsOf: url) else {
                throw DomainDataError(file: file, "missing from the CEODomain bundle")
            }
            let pack = try load(data, file: file)
            guard pack.country == country else { throw DomainDataError(file: file, "country is '\(pack.country)', expected '\(country)'") }
            packs[country] = pack
        }
        return JurisdictionPacks(packs: packs)
    }

    private static let loaded = LoadedOnce(load)

    /// The table bundled with the product, loaded once per process; throws naming the file and the entry.
    public static func bundled() throws(DomainDataError) -> JurisdictionPacks { try loaded.get() }

    /// The bundled table. Every service checks ``bundled()`` at start and refuses to run
    /// when it is invalid, so by the time this is read it is known to load.
    public static var standard: JurisdictionPacks { loaded.value("the bundled jurisdiction packs") }

    /// Decodes and validates one pack.
    public static func load(_ data: Data, file: String) throws(DomainDataError) -> JurisdictionPack {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch { throw DomainDataError(file: file, "not valid JSON: \(error.localizedDescription)") }
        if let problem = unsourcedFigures(in: object, path: "").first { throw DomainDataError(file: file, problem) }
        let pack = try DomainDataFile.decode(JurisdictionPack.self, from: data, file: file)
        guard pack.currency.range(of: "^[A-Z]{3}$", options: .regularExpression) != nil else {
            throw DomainDataError(file: file, "currency must be an ISO 4217 code, got '\(pack.currency)'")
        }
        guard !pack.entities.isEmpty else { throw DomainDataError(file: file, "lists no entity") }
        return pack
    }

    /// Every figure without a source or an "as of" date, as "path: problem".
    public static func unsourcedFigures(in object: Any, path: String) -> [String] {
        var problems: [String] = []
        if let dictionary = object as? [String: Any] {
            let figures = dictionary.keys.filter { key in
                !(dictionary[key] is NSNull) && (key.hasSuffix("_minor") || key.hasSuffix("_per_subdivision") || key == "per_usd")
            }.sorted()
            if !figures.isEmpty {
                let place = path.isEmpty ? "the pack" : path
                if ((dictionary["source"] as? String) ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append("\(place): \(figures.joined(separator: ", ")) has no source")
                }
                if ((dictionary["as_of"] as? String) ?? "").range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                    problems.append("\(place): \(figures.joined(separator: ", ")) has no as_of date (YYYY-MM-DD)")
                }
            }
            for key in dictionary.keys.sorted() {
                problems += unsourcedFigures(in: dictionary[key]!, path: path.isEmpty ? key : "\(path).\(key)")
            }
        } else if let array = object as? [Any] {
            for (index, element) in array.enumerated() { problems += unsourcedFigures(in: element, path: "\(path)[\(index)]") }
        }
        return problems
    }
}
