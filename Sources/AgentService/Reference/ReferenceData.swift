import Foundation

/// Reference figures the agents price with, loaded from the JSON files in
/// `Sources/AgentService/Reference/Data`, each with its source and period.
public struct ReferenceData: Sendable {
    /// One priced unit of work, one fee or one tool's price.
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
    public let legalFees: [String: Figure]
    public let toolPrices: [String: Figure]
    public let stateFilingFees: StateFilingFees
    public let adBenchmarks: AdBenchmarks

    /// Loads the files bundled with the service; throws naming the file and the problem.
    public static func bundled() throws -> ReferenceData {
        try ReferenceData(
            laborRates: figures(in: "labor-rates"),
            legalFees: figures(in: "legal-fees"),
            toolPrices: figures(in: "tool-prices"),
            stateFilingFees: StateFilingFees(decoding: load("us-llc-filing-fees")),
            adBenchmarks: AdBenchmarks(decoding: load("ad-benchmarks"))
        )
    }

    public init(
        laborRates: [String: Figure], legalFees: [String: Figure], toolPrices: [String: Figure],
        stateFilingFees: StateFilingFees, adBenchmarks: AdBenchmarks
    ) {
        self.laborRates = laborRates
        self.legalFees = legalFees
        self.toolPrices = toolPrices
        self.stateFilingFees = stateFilingFees
        self.adBenchmarks = adBenchmarks
    }

    /// The labor rate `id`; throws when the data files lack it.
    public func laborRate(_ id: String) throws -> Figure { try Self.figure(id, in: laborRates, file: "labor-rates") }
    /// The legal fee `id`; throws when the data files lack it.
    public func legalFee(_ id: String) throws -> Figure { try Self.figure(id, in: legalFees, file: "legal-fees") }
    /// The tool price `id`; throws when the data files lack it.
    public func toolPrice(_ id: String) throws -> Figure { try Self.figure(id, in: toolPrices, file: "tool-prices") }

    private static func figure(_ id: String, in table: [String: Figure], file: String) throws -> Figure {
        guard let figure = table[id] else { throw ReferenceDataError("\(file).json has no figure '\(id)'") }
        return figure
    }

    private struct FigureDocument: Decodable {
        var figures: [Figure]
    }

    private static func figures(in name: String) throws -> [String: Figure] {
        let figures = try decode(FigureDocument.self, from: load(name), file: name).figures
        for figure in figures where figure.unitCostCents < 0 || figure.source.isEmpty || figure.period.isEmpty {
            throw ReferenceDataError("\(name).json: '\(figure.id)' needs a non-negative cost, a source and a period")
        }
        return Dictionary(figures.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The named file's bytes, tagged with its name for error messages.
    struct File {
        let name: String
        let data: Data
    }

    static func load(_ name: String) throws -> File {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw ReferenceDataError("the reference data file \(name).json is missing from the bundle")
        }
        do {
            return File(name: name, data: try Data(contentsOf: url))
        } catch {
            throw ReferenceDataError("\(name).json cannot be read: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from file: File, file name: String? = nil) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: file.data)
        } catch {
            throw ReferenceDataError("\(name ?? file.name).json cannot be read: \(error)")
        }
    }
}

/// Reference data is missing or malformed; the message names the file.
public struct ReferenceDataError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
