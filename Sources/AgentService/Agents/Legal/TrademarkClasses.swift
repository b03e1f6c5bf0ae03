import CEODomain
/// The Nice classes a company's name should be protected in, from its industry.
enum TrademarkClasses {
    static func classes(industry: String, profile: IndustryProfile) -> [(number: Int, covers: String)] {
        var classes: [(Int, String)] = switch profile.key {
        case "software": [(9, "downloadable software"), (42, "software as a service")]
        case "food_beverage": [(43, "restaurant and café services")]
        case "healthcare": [(44, "medical and health services")]
        case "finance": [(36, "financial services")]
        case "education", "fitness": [(41, "education, training and fitness services")]
        default: [(35, "retail, advertising and business services")]
        }
        let lowered = industry.lowercased()
        let digital = ["digital", "app", "online", "platform", "telehealth", "software", "saas"].contains { lowered.contains($0) }
        if digital, !classes.contains(where: { $0.0 == 42 }) { classes.append((42, "software as a service")) }
        return classes
    }
}
