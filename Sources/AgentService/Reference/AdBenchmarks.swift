import Foundation

/// Paid-media benchmarks with their sources: each channel's all-industry averages and,
/// where the publisher breaks them down, the rows of its industry table.
public struct AdBenchmarks: Sendable {
    /// One industry's row of a channel's table; a figure the source does not give is nil
    /// and the all-industry average stands in for it.
    public struct IndustryRow: Codable, Sendable, Hashable {
        public var category: String
        public var costPerClickCents: Int64?
        /// Clicks that become leads, 0–1.
        public var conversionRate: Double?

        enum CodingKeys: String, CodingKey {
            case category, costPerClickCents = "cost_per_click_cents", conversionRate = "conversion_rate"
        }
    }

    /// One paid channel's averages.
    public struct Channel: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var costPerClickCents: Int64
        /// Clicks that become leads, 0–1.
        public var conversionRate: Double
        public var source: String
        public var period: String
        /// The publisher's industry table, when there is one.
        public var industries: [IndustryRow]?
        public var industrySource: String?
        public var industryPeriod: String?

        enum CodingKeys: String, CodingKey {
            case id, name, costPerClickCents = "cost_per_click_cents", conversionRate = "conversion_rate", source, period
            case industries, industrySource = "industry_source", industryPeriod = "industry_period"
        }

        public var citation: String { "\(source) (\(period))" }
    }

    /// The figures a plan uses for one channel and one industry, with where each comes from.
    public struct Figures: Sendable, Hashable {
        public let channel: Channel
        public let costPerClickCents: Int64
        public let conversionRate: Double
        /// The industry row used, or nil when only the all-industry averages apply.
        public let category: String?
        /// Where both figures come from, in one sentence.
        public let citation: String
    }

    public let channels: [String: Channel]

    private struct Document: Decodable {
        var channels: [Channel]
    }

    init(decoding file: ReferenceData.File) throws {
        let document = try ReferenceData.decode(Document.self, from: file)
        for channel in document.channels {
            func fail(_ problem: String) -> ReferenceDataError { ReferenceDataError("\(file.name).json: channel '\(channel.id)': \(problem)") }
            if channel.costPerClickCents <= 0 || !(0.0...1.0).contains(channel.conversionRate) || channel.conversionRate == 0 || channel.source.isEmpty {
                throw fail("needs a positive cost per click, a rate in (0, 1] and a source")
            }
            guard let rows = channel.industries else { continue }
            if (channel.industrySource ?? "").isEmpty || (channel.industryPeriod ?? "").isEmpty { throw fail("an industry table needs industry_source and industry_period") }
            var categories = Set<String>()
            for row in rows {
                if !categories.insert(row.category).inserted { throw fail("industry '\(row.category)' appears twice") }
                if row.costPerClickCents == nil, row.conversionRate == nil { throw fail("industry '\(row.category)' has no figure") }
                if let cents = row.costPerClickCents, cents <= 0 { throw fail("industry '\(row.category)' needs a positive cost per click") }
                if let rate = row.conversionRate, !(0.0...1.0).contains(rate) || rate == 0 { throw fail("industry '\(row.category)' needs a rate in (0, 1]") }
            }
        }
        channels = Dictionary(document.channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The channel `id`; throws when the file lacks it.
    public func channel(_ id: String) throws -> Channel {
        guard let channel = channels[id] else { throw ReferenceDataError("ad-benchmarks.json has no channel '\(id)'") }
        return channel
    }

    /// The figures of channel `id` for an industry category: the category's row where the
    /// table has it, each missing figure filled from the all-industry average.
    public func figures(_ id: String, category: String) throws -> Figures {
        let channel = try channel(id)
        guard let row = channel.industries?.first(where: { $0.category == category }),
              let source = channel.industrySource, let period = channel.industryPeriod else {
            return Figures(channel: channel, costPerClickCents: channel.costPerClickCents, conversionRate: channel.conversionRate, category: nil,
                           citation: "\(channel.citation); all-industry averages (no \(category) row)")
        }
        let filled = [row.costPerClickCents == nil ? "cost per click" : nil, row.conversionRate == nil ? "conversion rate" : nil].compactMap { $0 }
        let citation = "\(source), \(category) row (\(period))"
            + (filled.isEmpty ? "" : "; \(filled.joined(separator: " and ")) from the all-industry average, \(channel.citation)")
        return Figures(channel: channel, costPerClickCents: row.costPerClickCents ?? channel.costPerClickCents,
                       conversionRate: row.conversionRate ?? channel.conversionRate, category: category, citation: citation)
    }
}
