import CEODomain
import Foundation
import Testing

/// Which industry profile a company's words select, and what each profile's playbook
/// holds: a known phrase decides first, then the first word a profile names, so a
/// landscaper is a home-services business and a real-estate agency is not an agency.
@Suite("Industry profiles")
struct IndustryProfileTests {
    @Test("industries select the profile a founder would expect", arguments: [
        ("landscaping services", "home_services"), ("emergency plumbing", "home_services"), ("office cleaning", "home_services"),
        ("biotech", "life_sciences"), ("genomics diagnostics startup", "life_sciences"),
        ("physiotherapy clinic", "healthcare"), ("management consulting", "services"), ("artisan bakery", "bakery_cafe"),
        ("specialty coffee", "bakery_cafe"), ("tex-mex restaurant", "food_beverage"), ("B2B SaaS", "software"), ("fintech", "finance"),
        ("D2C apparel", "fashion"), ("farm shop and café", "retail"), ("independent bookshop", "retail"), ("handmade jewellery on Etsy", "marketplace_seller"), ("hair salon", "beauty"),
        ("home renovation contractor", "construction"), ("animal welfare charity", "nonprofit"), ("podcast network", "media"),
        ("boutique hotel", "hospitality"), ("CNC machining", "manufacturing"), ("branding agency", "agency"),
        ("real estate agency", "real_estate"), ("online tutoring", "education"), ("yoga studio", "fitness"),
    ])
    func matching(industry: String, key: String) {
        #expect(IndustryProfile.matching(industry).key == key, "\(industry)")
    }

    @Test("at least 20 profiles (21 today), each with its own site, channels, benchmark row, keywords, trademark classes and rules")
    func twentyProfiles() {
        let profiles = IndustryProfiles.standard.profiles
        #expect(profiles.count >= 20)
        // No two profiles share a sitemap, a channel mix or a set of keyword patterns: each is written for its industry.
        #expect(Set(profiles.map { $0.playbook.pages.map(\.page) }).count == profiles.count)
        #expect(Set(profiles.map { $0.playbook.keywordPatterns }).count == profiles.count)
        #expect(Set(profiles.map { $0.playbook.contentPillars }).count == profiles.count)
        for profile in profiles {
            #expect(!profile.playbook.trademarkClasses.isEmpty, "\(profile.key)")
            #expect(!profile.playbook.regulationFlags.isEmpty, "\(profile.key) has no regulation flag")
        }
        let patterns = Set(profiles.map(\.playbook.sitePattern))
        #expect(patterns.isSuperset(of: ["booking", "checkout", "menu", "portfolio", "listings", "donations", "quote", "signup"]))
    }

    @Test("regulation flags follow the country: the most specific entry of a topic wins, and a topic only one country has stays there")
    func flagsFollowTheCountry() throws {
        let restaurant = IndustryProfile.matching("restaurant")
        let texas = IndustryProfiles.standard.flags(for: restaurant, country: "US", subdivision: "TX", takesPayments: false)
        #expect(texas.first { $0.topic == "alcohol" }?.action.contains("Texas Alcoholic Beverage Commission") == true)
        let oregon = IndustryProfiles.standard.flags(for: restaurant, country: "US", subdivision: "OR", takesPayments: false)
        #expect(oregon.first { $0.topic == "alcohol" }?.action.contains("TABC") == false)
        #expect(oregon.contains { $0.topic == "local_licence" })
        let germany = IndustryProfiles.standard.flags(for: restaurant, country: "DE", subdivision: nil, takesPayments: false)
        #expect(!germany.contains { $0.topic == "alcohol" || $0.topic == "sales_tax" || $0.topic == "local_licence" })
        #expect(germany.contains { $0.topic == "food_safety" && $0.title == "Food safety and alcohol" })
        let clinicUK = IndustryProfiles.standard.flags(for: IndustryProfile.matching("clinic"), country: "GB", subdivision: "ENG", takesPayments: false)
        #expect(clinicUK.map(\.topic).prefix(3) == ["health_data", "licensing", "nhs"])
        let agency = IndustryProfiles.standard.flags(for: IndustryProfile.matching("agency"), country: "FR", subdivision: nil, takesPayments: false)
        #expect(!agency.contains { $0.topic == "payments" })
        #expect(IndustryProfiles.standard.flags(for: IndustryProfile.matching("agency"), country: "FR", subdivision: nil, takesPayments: true).contains { $0.topic == "payments" })
    }

    @Test("a clinic's rules are its country's: provincial health law and colleges in Canada, AHPRA in Australia, GDPR in the EU")
    func clinicRulesByCountry() {
        let clinic = IndustryProfile.matching("dental clinic")
        let titles = { (country: String) in IndustryProfiles.standard.flags(for: clinic, country: country, subdivision: nil, takesPayments: false).map(\.title) }
        #expect(titles("CA").contains("Provincial health-information law") && titles("CA").contains("Regulatory college registration"))
        #expect(titles("AU").contains("Privacy Act health information") && titles("AU").contains("AHPRA registration"))
        #expect(titles("DE").contains("GDPR special-category data (health)") && !titles("DE").contains("Health data protection"))
        #expect(titles("JP").contains("Health data protection"))
    }

    @Test("a broken playbook is refused when loaded, naming the entry and the field")
    func brokenPlaybookRefused() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/CEODomain/Data/industries.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var profiles = try #require(document["profiles"] as? [[String: Any]])
        var playbook = try #require(profiles[0]["playbook"] as? [String: Any])
        var channels = try #require(playbook["paid_channels"] as? [[String: Any]])
        channels[0]["share"] = 5
        playbook["paid_channels"] = channels
        profiles[0]["playbook"] = playbook
        document["profiles"] = profiles
        let data = try JSONSerialization.data(withJSONObject: document)
        struct Document: Decodable { var profiles: [IndustryProfile]; var general: IndustryProfile }
        let decoded = try JSONDecoder().decode(Document.self, from: data)
        #expect {
            try IndustryProfiles(profiles: decoded.profiles, general: decoded.general)
        } throws: { error in
            "\(error)".contains("profiles[0] (food_beverage)") && "\(error)".contains("paid_channels")
        }
    }

    @Test("an audience with a clause or a place of its own is refused when loaded: it is read as 'for <audience> in <city> who <need>'")
    func audienceIsANounPhrase() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/CEODomain/Data/industries.json")
        for audience in ["shoppers nearby", "busy people who want to feel stronger", "travellers in the area"] {
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            var profiles = try #require(document["profiles"] as? [[String: Any]])
            profiles[4]["audience"] = audience
            document["profiles"] = profiles
            struct Document: Decodable { var profiles: [IndustryProfile]; var general: IndustryProfile }
            let decoded = try JSONDecoder().decode(Document.self, from: JSONSerialization.data(withJSONObject: document))
            #expect {
                try IndustryProfiles(profiles: decoded.profiles, general: decoded.general)
            } throws: { error in
                "\(error)".contains("profiles[4] (\(decoded.profiles[4].key))") && "\(error)".contains("audience '\(audience)'")
            }
        }
        // The bundled profiles pass, and their statements read once: one "who", one place.
        for profile in IndustryProfiles.standard.profiles + [IndustryProfiles.standard.general] {
            let statement = "for \(profile.audience) in Tromsø who \(profile.need)"
            #expect(statement.components(separatedBy: " who ").count == 2, "\(profile.key): \(statement)")
        }
    }

    @Test("a life-sciences company is not a clinic: no limited-liability rule of a practice, its own audience")
    func lifeSciences() {
        let profile = IndustryProfile.matching("biotech")
        #expect(profile.limitedLiability == nil && profile.audience.contains("research"))
        #expect(!profile.playbook.trademarkClasses.contains { $0.number == 44 })
    }
}

@Suite("Playbook placeholders")
struct PlaybookPlaceholderTests {
    @Test("each placeholder is filled wherever it appears; other braces stay; a value is not read again as a placeholder")
    func filling() {
        #expect("Plumbers in {city}, {state}: {topic} near {city}".filling(city: "Ballarat", topic: "leak repair", state: "VIC")
            == "Plumbers in Ballarat, VIC: leak repair near Ballarat")
        #expect("{ {cit} {city".filling(city: "x") == "{ {cit} {city")
        #expect("no placeholders".filling(city: "x") == "no placeholders")
        #expect("{city}".filling(city: "{topic}", topic: "t") == "{topic}")
        #expect("{state}{topic}{city}".filling(city: "Zürich", topic: "café", state: "") == "caféZürich")
    }
}
