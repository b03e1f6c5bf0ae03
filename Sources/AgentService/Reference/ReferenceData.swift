public import CEODomain
import Crypto
import Foundation

/// Reference figures the agents price with, loaded from the JSON files in
/// `Sources/AgentService/Reference/Data`, each with its source and period; labour rates
/// come from the countries' jurisdiction packs.
public struct ReferenceData: Sendable {
    /// One priced unit of work or one fee, in minor units of `currency`.
    public struct Figure: Codable, Sendable, Hashable {
        public var id: String
        public var description: String
        public var unit: String
        public var unitCostCents: Int64
        /// ISO 4217 code of `unitCostCents` (US dollars when a file names none).
        public var currency: String
        public var source: String
        public var period: String
        public var method: String?

        enum CodingKeys: String, CodingKey {
            case id, description, unit, unitCostCents = "unit_cost_cents", currency, source, period, method
        }

        public init(id: String, description: String, unit: String, unitCostCents: Int64, currency: String, source: String, period: String, method: String? = nil) {
            (self.id, self.description, self.unit, self.unitCostCents, self.currency) = (id, description, unit, unitCostCents, currency)
            (self.source, self.period, self.method) = (source, period, method)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            description = try container.decode(String.self, forKey: .description)
            unit = try container.decode(String.self, forKey: .unit)
            unitCostCents = try container.decode(Int64.self, forKey: .unitCostCents)
            currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? PlanningRates.defaultCurrency
            source = try container.decode(String.self, forKey: .source)
            period = try container.decode(String.self, forKey: .period)
            method = try container.decodeIfPresent(String.self, forKey: .method)
        }

        /// `source` and `period`, as a line item's source.
        public var citation: String { "\(source) (\(period))" }
    }

    /// A role priced by the hour (`labor-rates.json`); its wage is in each country's pack.
    public struct BillableRole: Codable, Sendable, Hashable {
        public var id: String
        /// The role's name in the packs' `labour_rates`.
        public var role: String
        public var description: String
    }

    /// The roles and how a billable rate is derived from a median wage.
    public struct BillableRoles: Codable, Sendable {
        public var billableMultiplier: Int64
        public var method: String
        public var roles: [BillableRole]

        enum CodingKeys: String, CodingKey {
            case method, roles, billableMultiplier = "billable_multiplier"
        }
    }

    public let billableRoles: BillableRoles
    public let legalFees: [String: Figure]
    public let toolPrices: [String: ToolPrice]
    public let stateFilingFees: StateFilingFees
    public let adBenchmarks: AdBenchmarks
    public let adFormats: AdFormats
    public let packs: JurisdictionPacks

    /// Loads the files bundled with the service; throws naming the file and the problem.
    public static func bundled() throws -> ReferenceData {
        try ReferenceData(
            billableRoles: decode(BillableRoles.self, from: load("labor-rates")),
            legalFees: figures(in: "legal-fees"),
            toolPrices: tools(in: "tool-prices"),
            stateFilingFees: StateFilingFees(decoding: load("us-llc-filing-fees")),
            adBenchmarks: AdBenchmarks(decoding: load("ad-benchmarks")),
            adFormats: AdFormats(decoding: load("ad-formats")),
            packs: JurisdictionPacks.bundled()
        )
    }

    public init(
        billableRoles: BillableRoles, legalFees: [String: Figure], toolPrices: [String: ToolPrice],
        stateFilingFees: StateFilingFees, adBenchmarks: AdBenchmarks, adFormats: AdFormats, packs: JurisdictionPacks
    ) throws {
        self.billableRoles = billableRoles
        self.legalFees = legalFees
        self.toolPrices = toolPrices
        self.stateFilingFees = stateFilingFees
        self.adBenchmarks = adBenchmarks
        self.adFormats = adFormats
        self.packs = packs
        // Every role has a US wage: the figure of last resort for a country without one.
        for role in billableRoles.roles where packs.pack(for: "US")?.labourRates.contains(where: { $0.role == role.role }) != true {
            throw ReferenceDataError("jurisdiction-US.json has no labour rate for '\(role.role)' (labor-rates.json lists it)")
        }
    }

    /// A billable hour of the role `id` (`lawyer_hour`) in `country`, in the country's
    /// currency: its median hourly wage from the country's pack times the billable
    /// multiplier. A country without a pack, or without that role, gets the US figure,
    /// and the source says so. Throws when `labor-rates.json` lacks the role.
    public func laborRate(_ id: String, in country: String = "US") throws -> Figure {
        guard let role = billableRoles.roles.first(where: { $0.id == id }) else { throw ReferenceDataError("labor-rates.json has no role '\(id)'") }
        let own = packs.pack(for: country).flatMap { pack in pack.labourRates.first { $0.role == role.role }.map { (pack, $0) } }
        guard let (pack, wage) = own ?? packs.pack(for: "US").flatMap({ pack in pack.labourRates.first { $0.role == role.role }.map { (pack, $0) } }) else {
            throw ReferenceDataError("jurisdiction-US.json has no labour rate for '\(role.role)'")
        }
        let countryName = packs.pack(for: country)?.name ?? LocationTable.standard.countries[country]?.name ?? country
        let fallback = pack.country == country ? "" : "No \(countryName) wage for this role in the product's data, so the US median stands in; local rates differ. "
        let wageText = Money.amount(wage.hourlyMinor, currency: pack.currency)
        return Figure(
            id: id, description: role.description, unit: "hour", unitCostCents: wage.hourlyMinor * billableRoles.billableMultiplier,
            currency: pack.currency,
            source: "\(fallback)\(wage.source): median \(wageText) an hour, × \(billableRoles.billableMultiplier) for a billable rate",
            period: "as of \(wage.asOf)", method: billableRoles.method
        )
    }
    /// SHA-256 of every bundled data file the agents price with (this service's reference
    /// data and the domain library's packs, rates and catalog), hex: the version of the
    /// figures a result was computed from.
    public static func fingerprint() -> String {
        var hash = SHA256()
        for (name, data) in DomainDataFiles.jsonFiles(in: Bundle.module) + DomainDataFiles.contents() {
            hash.update(data: Data(name.utf8))
            hash.update(data: data)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The legal fee `id`; throws when the data files lack it.
    public func legalFee(_ id: String) throws -> Figure { try Self.figure(id, in: legalFees, file: "legal-fees") }
    /// The tool price `id`; throws when the data files lack it.
    public func toolPrice(_ id: String) throws -> ToolPrice {
        guard let price = toolPrices[id] else { throw ReferenceDataError("tool-prices.json has no price '\(id)'") }
        return price
    }

    private static func figure(_ id: String, in table: [String: Figure], file: String) throws -> Figure {
        guard let figure = table[id] else { throw ReferenceDataError("\(file).json has no figure '\(id)'") }
        return figure
    }

    private struct FigureDocument: Decodable {
        var figures: [Figure]
    }

    private struct ToolPriceDocument: Decodable {
        var prices: [ToolPrice]
    }

    private static func tools(in name: String) throws -> [String: ToolPrice] {
        let prices = try decode(ToolPriceDocument.self, from: load(name), file: name).prices
        for price in prices {
            if let problem = price.problem { throw ReferenceDataError("\(name).json: '\(price.id)' \(problem)") }
        }
        return Dictionary(prices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
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
