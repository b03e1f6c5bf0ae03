import Foundation

/// The state fee to form an LLC in each US state and DC, with the table's source.
public struct StateFilingFees: Sendable {
    /// One state's row.
    public struct State: Codable, Sendable, Hashable {
        /// USPS code, for example `TX`.
        public var code: String
        public var name: String
        public var filingFeeCents: Int64
        /// The formation document, for example "Certificate of Formation (Form 205)".
        public var form: String
        public var filingOffice: String
        /// An obligation at or after formation worth knowing (publication, annual tax).
        public var note: String?

        /// The office named in full: "Texas Secretary of State", "Arizona Corporation
        /// Commission" (an office whose name already says the state keeps it as it is).
        public var filingOfficeName: String {
            filingOffice.hasPrefix(name) ? filingOffice : "\(name) \(filingOffice)"
        }

        enum CodingKeys: String, CodingKey {
            case code, name, filingFeeCents = "filing_fee_cents", form, filingOffice = "filing_office", note
        }
    }

    public let source: String
    public let period: String
    public let states: [String: State]

    /// `source` and `period`, as a line item's source.
    public var citation: String { "\(source) (\(period))" }

    private struct Document: Decodable {
        var source: String
        var period: String
        var states: [State]
    }

    init(decoding file: ReferenceData.File) throws {
        let document = try ReferenceData.decode(Document.self, from: file)
        guard !document.source.isEmpty, !document.period.isEmpty else {
            throw ReferenceDataError("\(file.name).json needs a source and a period")
        }
        for state in document.states where state.code.count != 2 || state.filingFeeCents < 0 {
            throw ReferenceDataError("\(file.name).json: '\(state.code)' needs a two-letter code and a non-negative fee")
        }
        source = document.source
        period = document.period
        states = Dictionary(document.states.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The row for a USPS code (any case).
    public func state(_ code: String) -> State? { states[code.uppercased()] }
}
