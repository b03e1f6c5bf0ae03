import Foundation

/// Reference figures the agents price with, loaded from the JSON files in
/// `Sources/AgentService/Reference/`, each with its source and period.
public struct ReferenceData: Sendable {
    /// One priced unit of work or one fee.
    public struct Figure: Codable, Sendable, Hashable {
        public var id: String
        public var description: String
        public var unit: String
        public var unitCostCents: Int64
        public var source: String
        public var period: String
        public var method: String?

        enum CodingKeys: String, CodingKey {
            case id, description, unit, unitCostCents = "unit_cost_cents", source, period, method
        }

        /// `source` and `period`, as a line item's source.
        public var citation: String { "\(source) (\(period))" }
    }

    public let laborRates: [String: Figure]

    /// Loads the files bundled with the service; throws naming the file and the problem.
    public static func bundled() throws -> ReferenceData {
        try ReferenceData(laborRates: load("labor-rates"))
    }

    public init(laborRates: [String: Figure]) { self.laborRates = laborRates }

    /// The labor rate `id`; throws when the data files lack it.
    public func laborRate(_ id: String) throws -> Figure {
        guard let figure = laborRates[id] else { throw ReferenceDataError("labor-rates.json has no figure '\(id)'") }
        return figure
    }

    private struct Document: Decodable {
        var figures: [Figure]
    }

    private static func load(_ name: String) throws -> [String: Figure] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw ReferenceDataError("the reference data file \(name).json is missing from the bundle")
        }
        do {
            let figures = try JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).figures
            for figure in figures where figure.unitCostCents < 0 || figure.source.isEmpty || figure.period.isEmpty {
                throw ReferenceDataError("\(name).json: '\(figure.id)' needs a non-negative cost, a source and a period")
            }
            return Dictionary(figures.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        } catch let error as ReferenceDataError {
            throw error
        } catch {
            throw ReferenceDataError("\(name).json cannot be read: \(error)")
        }
    }
}

/// Reference data is missing or malformed; the message names the file.
public struct ReferenceDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
