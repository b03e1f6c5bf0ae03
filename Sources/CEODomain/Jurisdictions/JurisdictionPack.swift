import Foundation

/// What the product knows about one country's rules for a new company, from
/// `jurisdiction-<CC>.json`: the entities and their filing fees, recurring obligations,
/// tax registration, sales tax where it exists, the trademark office and its fees,
/// privacy and marketing law, and labour rates (median hourly pay by role). Every money
/// figure is in minor units of the pack's currency and carries its source and an
/// "as of" date (checked when the pack is loaded, see ``JurisdictionPacks``).
public struct JurisdictionPack: Sendable, Decodable {
    /// Where one subdivision's figure comes from, when a table's figures have sources of their own.
    public struct Citation: Sendable, Decodable {
        public let source: String
        public let asOf: String?

        enum CodingKeys: String, CodingKey {
            case source
            case asOf = "as_of"
        }
    }

    /// A legal form a founder can choose.
    public struct Entity: Sendable, Decodable {
        public let id: String
        public let name: String
        /// `corporation`, `llc`, `sole_trader` or `partnership`.
        public let kind: String
        /// The form investors expect (equity, stock options).
        public let ventureTrack: Bool
        /// The simplest fitting form for a small local business.
        public let smallBusinessDefault: Bool
        public let registry: String?
        public let form: String?
        public let filingFeeMinor: Int64?
        /// The filing fee by ISO 3166-2 subdivision, where it varies.
        public let filingFeePerSubdivision: [String: Int64]?
        public let leadTimeDays: Int?
        /// When the form fits, in a sentence a founder reads.
        public let why: String?
        public let source: String
        public let asOf: String
        /// Sources of the per-subdivision fees, where each has its own.
        public let filingFeeSourcePerSubdivision: [String: Citation]?

        enum CodingKeys: String, CodingKey {
            case id, name, kind, registry, form, why, source
            case ventureTrack = "venture_track", smallBusinessDefault = "small_business_default", filingFeeMinor = "filing_fee_minor"
            case filingFeePerSubdivision = "filing_fee_per_subdivision", leadTimeDays = "lead_time_days", asOf = "as_of"
            case filingFeeSourcePerSubdivision = "filing_fee_source_per_subdivision"
        }

        /// The source and date of the fee in `subdivision`.
        public func citation(in subdivision: String?) -> (source: String, asOf: String) {
            guard let subdivision, let own = filingFeeSourcePerSubdivision?[subdivision] else { return (source, asOf) }
            return (own.source, own.asOf ?? asOf)
        }

        /// The filing fee where the company is (the subdivision's, else the national one).
        public func filingFee(in subdivision: String?) -> Int64? {
            subdivision.flatMap { filingFeePerSubdivision?[$0] } ?? filingFeeMinor
        }
    }

    /// A recurring duty after formation: annual report, franchise or minimum tax, confirmation statement.
    public struct Obligation: Sendable, Decodable {
        public let id: String
        public let name: String
        /// The entity ids it applies to.
        public let entities: [String]?
        public let subdivisions: [String]?
        public let office: String?
        public let amountMinor: Int64?
        public let amountPerSubdivision: [String: Int64]?
        public let firstDueMonthsAfterFormation: Int?
        public let everyMonths: Int?
        /// How the amount is worked out when it is not flat.
        public let method: String?
        public let source: String
        public let asOf: String
        /// Sources of the per-subdivision amounts, where each has its own.
        public let amountSourcePerSubdivision: [String: Citation]?

        enum CodingKeys: String, CodingKey {
            case id, name, entities, subdivisions, office, method, source
            case amountMinor = "amount_minor", amountPerSubdivision = "amount_per_subdivision"
            case firstDueMonthsAfterFormation = "first_due_months_after_formation", everyMonths = "every_months", asOf = "as_of"
            case amountSourcePerSubdivision = "amount_source_per_subdivision"
        }

        /// The source and date of the amount in `subdivision`.
        public func citation(in subdivision: String?) -> (source: String, asOf: String) {
            guard let subdivision, let own = amountSourcePerSubdivision?[subdivision] else { return (source, asOf) }
            return (own.source, own.asOf ?? asOf)
        }
    }

    /// A registration with the tax authority (a business number, VAT, GST, …).
    public struct TaxRegistration: Sendable, Decodable {
        public let id: String
        public let name: String
        public let office: String?
        public let requiredWhen: String?
        public let thresholdMinor: Int64?
        public let feeMinor: Int64?
        /// The entity ids it applies to (all when nil).
        public let entities: [String]?
        /// The ISO 3166-2 subdivisions it applies in (everywhere when nil).
        public let subdivisions: [String]?
        public let source: String
        public let asOf: String

        /// True for a company of `entity` in `subdivision`.
        public func applies(to entity: String, in subdivision: String?) -> Bool {
            (entities?.contains(entity) ?? true) && (subdivisions.map { $0.contains(subdivision ?? "") } ?? true)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, office, source, entities, subdivisions
            case requiredWhen = "required_when", thresholdMinor = "threshold_minor", feeMinor = "fee_minor", asOf = "as_of"
        }
    }

    /// Sub-national sales tax (the US states): where there is none, and permit fees.
    public struct SalesTax: Sendable, Decodable {
        public let noSalesTaxSubdivisions: [String]?
        public let permitFeeMinorPerSubdivision: [String: Int64]?
        public let source: String
        public let asOf: String

        enum CodingKeys: String, CodingKey {
            case source
            case noSalesTaxSubdivisions = "no_sales_tax_subdivisions", permitFeeMinorPerSubdivision = "permit_fee_minor_per_subdivision", asOf = "as_of"
        }
    }

    /// The national trademark office and its fees.
    public struct Trademark: Sendable, Decodable {
        public let office: String
        public let firstClassFeeMinor: Int64?
        public let additionalClassFeeMinor: Int64?
        /// Classes the first fee covers (the DPMA's covers three); one when not said.
        public let classesIncluded: Int?
        public let notes: String?
        public let source: String
        public let asOf: String

        enum CodingKeys: String, CodingKey {
            case office, notes, source
            case firstClassFeeMinor = "first_class_fee_minor", additionalClassFeeMinor = "additional_class_fee_minor", asOf = "as_of"
            case classesIncluded = "classes_included"
        }
    }

    /// A privacy or marketing law a company selling online must follow.
    public struct Law: Sendable, Decodable {
        public let id: String
        public let name: String
        public let summary: String?
        public let feeMinor: Int64?
        public let source: String
        public let asOf: String

        enum CodingKeys: String, CodingKey {
            case id, name, summary, source
            case feeMinor = "fee_minor", asOf = "as_of"
        }
    }

    /// Pay per hour for a role, from the country's statistics.
    public struct LabourRate: Sendable, Decodable {
        public let role: String
        public let hourlyMinor: Int64
        /// What the figure is (median or mean, population, occupation code, any conversion).
        public let basis: String?
        /// The publisher, table and address: what a plan cites.
        public let source: String
        /// How the figure was read when not from the publisher's own page (a reproduction).
        public let provenance: String?
        public let asOf: String

        enum CodingKeys: String, CodingKey {
            case role, basis, source, provenance
            case hourlyMinor = "hourly_minor", asOf = "as_of"
        }
    }

    /// ISO 3166-1 alpha-2.
    public let country: String
    public let name: String
    /// ISO 4217.
    public let currency: String
    public let asOf: String
    public let entities: [Entity]
    public let obligations: [Obligation]
    public let taxRegistration: [TaxRegistration]
    public let salesTax: SalesTax?
    public let trademark: Trademark?
    public let privacyMarketing: [Law]
    public let labourRates: [LabourRate]
    /// What the pack deliberately leaves out, in plain words.
    public let notCovered: [String]

    enum CodingKeys: String, CodingKey {
        case country, name, currency, entities, obligations, trademark
        case asOf = "as_of", taxRegistration = "tax_registration", salesTax = "sales_tax", privacyMarketing = "privacy_marketing"
        case labourRates = "labour_rates", notCovered = "not_covered"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        country = try container.decode(String.self, forKey: .country)
        name = try container.decode(String.self, forKey: .name)
        currency = try container.decode(String.self, forKey: .currency)
        asOf = try container.decode(String.self, forKey: .asOf)
        entities = try container.decode([Entity].self, forKey: .entities)
        obligations = try container.decodeIfPresent([Obligation].self, forKey: .obligations) ?? []
        taxRegistration = try container.decodeIfPresent([TaxRegistration].self, forKey: .taxRegistration) ?? []
        salesTax = try container.decodeIfPresent(SalesTax.self, forKey: .salesTax)
        trademark = try container.decodeIfPresent(Trademark.self, forKey: .trademark)
        privacyMarketing = try container.decodeIfPresent([Law].self, forKey: .privacyMarketing) ?? []
        labourRates = try container.decodeIfPresent([LabourRate].self, forKey: .labourRates) ?? []
        notCovered = try container.decodeIfPresent([String].self, forKey: .notCovered) ?? []
    }

    /// The venture-track entity (investors, equity), if the pack knows one.
    public var ventureEntity: Entity? { entities.first(where: \.ventureTrack) }
    /// The simplest fitting entity for a small local business.
    public var smallBusinessEntity: Entity? { entities.first(where: \.smallBusinessDefault) ?? entities.first }
}
