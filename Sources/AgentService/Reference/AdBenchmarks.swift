import Foundation

/// Paid-media benchmarks and lead-to-customer planning rates, with their sources.
public struct AdBenchmarks: Sendable {
    /// One paid channel's averages.
    public struct Channel: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var costPerClickCents: Int64
        /// Clicks that become leads, 0–1.
        public var conversionRate: Double
        public var source: String
        public var period: String

        enum CodingKeys: String, CodingKey {
            case id, name, costPerClickCents = "cost_per_click_cents", conversionRate = "conversion_rate", source, period
        }

        public var citation: String { "\(source) (\(period))" }
    }

    /// Leads that become customers, per industry profile.
    public struct CloseRate: Codable, Sendable, Hashable {
        public var profile: String
        public var rate: Double
        public var meaning: String
    }

    public let channels: [String: Channel]
    public let closeRates: [String: CloseRate]
    public let closeRateCitation: String

    private struct Document: Decodable {
        var channels: [Channel]
        var closeRates: [CloseRate]
        var closeRateSource: String
        var closeRatePeriod: String

        enum CodingKeys: String, CodingKey {
            case channels, closeRates = "close_rates", closeRateSource = "close_rate_source", closeRatePeriod = "close_rate_period"
        }
    }

    init(decoding file: ReferenceData.File) throws {
        let document = try ReferenceData.decode(Document.self, from: file)
        for channel in document.channels
        where channel.costPerClickCents <= 0 || !(0.0...1.0).contains(channel.conversionRate) || channel.conversionRate == 0 || channel.source.isEmpty {
            throw ReferenceDataError("\(file.name).json: channel '\(channel.id)' needs a positive cost per click, a rate in (0, 1] and a source")
        }
        for rate in document.closeRates where !(0.0...1.0).contains(rate.rate) || rate.rate == 0 {
            throw ReferenceDataError("\(file.name).json: close rate '\(rate.profile)' must be in (0, 1]")
        }
        guard document.closeRates.contains(where: { $0.profile == "general" }) else {
            throw ReferenceDataError("\(file.name).json needs a 'general' close rate")
        }
        channels = Dictionary(document.channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        closeRates = Dictionary(document.closeRates.map { ($0.profile, $0) }, uniquingKeysWith: { first, _ in first })
        closeRateCitation = "\(document.closeRateSource) (\(document.closeRatePeriod))"
    }

    /// The channel `id`; throws when the file lacks it.
    public func channel(_ id: String) throws -> Channel {
        guard let channel = channels[id] else { throw ReferenceDataError("ad-benchmarks.json has no channel '\(id)'") }
        return channel
    }

    /// The close rate of an industry profile, else the general one.
    public func closeRate(for profile: String) -> CloseRate { closeRates[profile] ?? closeRates["general"]! }
}
