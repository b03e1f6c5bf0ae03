import CEODomain
/// A channel the content plan publishes on, and how often.
struct ContentChannel {
    let name: String
    /// What one piece is, for example "article".
    let format: String
    let hoursEach: Int32
    /// Pieces per four weeks.
    let perFourWeeks: Int

    /// Pieces in week `week` (0-based), spreading the cadence evenly.
    func pieces(inWeek week: Int) -> Int { (week + 1) * perFourWeeks / 4 - week * perFourWeeks / 4 }

    /// Pieces over `weeks` weeks.
    func pieces(weeks: Int) -> Int { (0..<weeks).reduce(0) { $0 + pieces(inWeek: $1) } }

    /// The industry playbook's channels.
    static func channels(for profile: IndustryProfile) -> [ContentChannel] {
        profile.playbook.contentChannels.map { ContentChannel(name: $0.name, format: $0.format, hoursEach: $0.hoursEach, perFourWeeks: $0.perFourWeeks) }
    }
}
