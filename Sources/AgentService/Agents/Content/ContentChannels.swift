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

    static func channels(for profile: IndustryProfile) -> [ContentChannel] {
        switch profile.key {
        case "software", "finance": [
            ContentChannel(name: "Blog", format: "article", hoursEach: 4, perFourWeeks: 4),
            ContentChannel(name: "LinkedIn", format: "post", hoursEach: 1, perFourWeeks: 8),
            ContentChannel(name: "Newsletter", format: "issue", hoursEach: 2, perFourWeeks: 2),
        ]
        case "food_beverage": [
            ContentChannel(name: "Instagram", format: "post or reel", hoursEach: 1, perFourWeeks: 12),
            ContentChannel(name: "Google Business Profile", format: "update", hoursEach: 1, perFourWeeks: 4),
            ContentChannel(name: "Email", format: "newsletter", hoursEach: 2, perFourWeeks: 2),
        ]
        case "healthcare": [
            ContentChannel(name: "Patient guides", format: "article", hoursEach: 4, perFourWeeks: 4),
            ContentChannel(name: "LinkedIn", format: "post", hoursEach: 1, perFourWeeks: 4),
            ContentChannel(name: "Newsletter", format: "issue", hoursEach: 2, perFourWeeks: 1),
        ]
        case "retail": [
            ContentChannel(name: "Instagram", format: "post or reel", hoursEach: 1, perFourWeeks: 12),
            ContentChannel(name: "TikTok", format: "short video", hoursEach: 2, perFourWeeks: 4),
            ContentChannel(name: "Email", format: "campaign", hoursEach: 2, perFourWeeks: 4),
        ]
        case "education", "fitness": [
            ContentChannel(name: "Instagram", format: "post or reel", hoursEach: 1, perFourWeeks: 8),
            ContentChannel(name: "Blog", format: "article", hoursEach: 4, perFourWeeks: 2),
            ContentChannel(name: "Email", format: "newsletter", hoursEach: 2, perFourWeeks: 2),
        ]
        default: [
            ContentChannel(name: "Blog", format: "article", hoursEach: 4, perFourWeeks: 2),
            ContentChannel(name: "LinkedIn", format: "post", hoursEach: 1, perFourWeeks: 8),
            ContentChannel(name: "Newsletter", format: "issue", hoursEach: 2, perFourWeeks: 1),
        ]
        }
    }
}
