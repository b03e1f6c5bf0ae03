import CEOAPI
import CEODomain
import Foundation

/// The served OpenAPI document: the bundled `openapi.json` with what has its home
/// elsewhere filled in — the agent names from the catalog, the run statuses from the
/// lifecycle facts, and the plan request's bounds from ``PlanRequestRules``.
enum OpenAPIDocument {
    /// The bundled document's bytes, read once; an error names the problem.
    static let bundled: Result<Data, EdgeConfigurationError> = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            return .failure(EdgeConfigurationError("the OpenAPI document is missing from the Edge bundle"))
        }
        return .success(data)
    }()

    /// The document to serve, for `catalog`.
    static func build(catalog: AgentCatalog) throws -> [UInt8] {
        try build(from: bundled.get(), catalog: catalog)
    }

    static func build(from base: Data, catalog: AgentCatalog) throws -> [UInt8] {
        guard var document = try JSONSerialization.jsonObject(with: base) as? [String: Any],
              var components = document["components"] as? [String: Any],
              var schemas = components["schemas"] as? [String: Any],
              var analyze = schemas["AnalyzeRequest"] as? [String: Any],
              var properties = analyze["properties"] as? [String: Any] else {
            throw EdgeConfigurationError("the OpenAPI document lacks components.schemas.AnalyzeRequest.properties")
        }
        schemas["AgentType"] = filling(schemas["AgentType"], with: ["enum": catalog.agents.map(\.machineName)])
        schemas["JobStatus"] = filling(schemas["JobStatus"], with: ["enum": JobStatus.lifecycle.map(\.apiName)])
        for rule in PlanRequestRules.all {
            guard let property = properties[rule.apiField] else {
                throw EdgeConfigurationError("the OpenAPI document's AnalyzeRequest has no property '\(rule.apiField)'")
            }
            properties[rule.apiField] = filling(property, with: keywords(of: rule))
        }
        analyze["properties"] = properties
        schemas["AnalyzeRequest"] = analyze
        components["schemas"] = schemas
        document["components"] = components
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// JSON Schema keywords of a rule, in the public API's units.
    static func keywords(of rule: InputRule) -> [String: Any] {
        switch rule.bounds {
        case .text(let length): ["minLength": length.lowerBound, "maxLength": length.upperBound]
        case .money: budgetKeywords()
        case .integer(let range): ["minimum": range.lowerBound, "maximum": range.upperBound]
        case .choice(let codes): ["enum": codes]
        case .textList(let count, let itemLength):
            ["minItems": count.lowerBound, "maxItems": count.upperBound, "items": ["type": "string", "minLength": itemLength.lowerBound, "maxLength": itemLength.upperBound]]
        }
    }

    /// The budget's range depends on the currency: the schema gives the widest, the description each.
    private static func budgetKeywords() -> [String: Any] {
        let currencies = PlanningRates.standard.currencies
        let ranges = currencies.compactMap { PlanRequestRules.budgetRange(in: $0) }
        let each = currencies.compactMap { code in
            PlanRequestRules.budgetRange(in: code).map { "\(code) \($0.lowerBound / 100)–\($0.upperBound / 100)" }
        }
        return [
            "minimum": Double(ranges.map(\.lowerBound).min() ?? 0) / 100, "maximum": Double(ranges.map(\.upperBound).max() ?? 0) / 100,
            "description": "The total budget in major units of `currency` (US dollars when it is left out): \(each.joined(separator: ", ")), "
                + "the equivalent of $100–$100,000 at the planning rate.",
        ]
    }

    private static func filling(_ schema: Any?, with keywords: [String: Any]) -> [String: Any] {
        (schema as? [String: Any] ?? [:]).merging(keywords) { _, new in new }
    }
}
