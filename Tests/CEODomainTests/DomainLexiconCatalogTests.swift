import CEOAPI
import CEODomain
import CEOTestSupport
import Testing

@Suite("The lexicon reads each agent's keywords from the catalog")
struct DomainLexiconCatalogTests {
    @Test("an extra agent's keywords classify text as its domain")
    func extraAgent() throws {
        let catalog = try CatalogFixtures.withHiringAgent()
        let lexicon = DomainLexicon(catalog: catalog)
        let hiring = try #require(catalog.profile(named: CatalogFixtures.hiringMachineName)).type
        #expect(lexicon.classify("Recruit our first hires").map(\.domain) == [hiring])
        #expect(lexicon.classify("Design a logo").map(\.domain) == [.branding])
        // The standard lexicon does not know the extra agent.
        #expect(DomainLexicon.standard.classify("Recruit our first hires").isEmpty)
    }

    @Test("the reading by word runs agrees with matching ' term ' in the normalised text (5,000 texts of catalog terms and filler)")
    func wordRunsAgreeWithSubstrings() {
        let catalog = AgentCatalog.standard
        let vocabulary = catalog.agents.flatMap { $0.keywords + $0.weakKeywords }
        let filler = ["the", "a", "and", "our", "for", "launch", "website", "brand,", "(new)", "SEO-", "-ads", "E-Mail", "2026", "café", "!", "—", "x"]
        func reference(_ text: String) -> [(AgentType, Int)] {
            let normalised = " " + DomainLexicon.words(of: text).joined(separator: " ") + " "
            var strong: [(AgentType, Int)] = [], weak: [(AgentType, Int)] = []
            for agent in catalog.agents {
                let count = agent.keywords.filter { normalised.contains(" \($0) ") }.count
                if count > 0 { strong.append((agent.type, count)) }
                let weakCount = agent.weakKeywords.filter { normalised.contains(" \($0) ") }.count
                if weakCount > 0 { weak.append((agent.type, weakCount)) }
            }
            return (strong.isEmpty ? weak : strong).sorted { $0.1 > $1.1 }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let pieces = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                Bool.random(using: &generator) ? vocabulary.randomElement(using: &generator)!.uppercased() : filler.randomElement(using: &generator)!
            }
            let text = pieces.joined(separator: Bool.random(using: &generator) ? " " : ", ")
            let reading = DomainLexicon.standard.reading(text).domains
            let expected = reference(text)
            #expect(reading.map(\.domain) == expected.map(\.0) && reading.map(\.matches) == expected.map(\.1), "\(text)")
        }
    }
}
