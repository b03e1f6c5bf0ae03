import CEODomain
import Testing

/// Which industry profile a company's words select: the first word a profile names
/// decides, so a landscaper is a home-services business, not a consultancy.
@Suite("Industry profiles")
struct IndustryProfileTests {
    @Test("industries select the profile a founder would expect", arguments: [
        ("landscaping services", "home_services"), ("emergency plumbing", "home_services"), ("office cleaning", "home_services"),
        ("biotech", "life_sciences"), ("genomics diagnostics startup", "life_sciences"),
        ("physiotherapy clinic", "healthcare"), ("management consulting", "services"), ("artisan bakery", "food_beverage"),
    ])
    func matching(industry: String, key: String) {
        #expect(IndustryProfile.matching(industry).key == key, "\(industry)")
    }

    @Test("a life-sciences company is not a clinic: no limited-liability rule of a practice, its own audience")
    func lifeSciences() {
        let profile = IndustryProfile.matching("biotech")
        #expect(profile.limitedLiability == nil && profile.audience.contains("research"))
    }
}
