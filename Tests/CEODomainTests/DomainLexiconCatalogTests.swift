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
}
