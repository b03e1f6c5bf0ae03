import CEODomain
/// The Nice classes a company's name should be protected in: the industry playbook's,
/// plus software as a service when the industry's words say the business is digital.
enum TrademarkClasses {
    static func classes(industry: String, profile: IndustryProfile) -> [(number: Int, covers: String)] {
        var classes = profile.playbook.trademarkClasses.map { ($0.number, $0.covers) }
        let lowered = industry.lowercased()
        let digital = ["digital", "app", "online", "platform", "telehealth", "software", "saas"].contains { lowered.contains($0) }
        if digital, !classes.contains(where: { $0.0 == 42 }) { classes.append((42, "software as a service")) }
        return classes
    }
}
