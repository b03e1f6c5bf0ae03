import CEOAPI
import CEODomain
import Testing

@Suite("Domain lexicon")
struct DomainLexiconTests {
    @Test("objectives map to the agents a founder would expect", arguments: [
        ("Design a memorable logo and colour palette", [AgentType.branding]),
        ("Form an LLC in Delaware and file a trademark", [.legal]),
        // "Launch" names a campaign only when nothing else is named.
        ("Launch an e-commerce website with online ordering", [.webDevelopment]),
        ("Launch campaign for the opening", [.campaigns]),
        ("Win our first 20 customers", [.campaigns]),
        ("Set up online booking", [.webDevelopment]),
        ("Form the company and protect the name", [.legal]),
        ("Set up a CRM and email marketing automation", [.martech]),
        ("Publish a weekly blog and SEO content calendar", [.content]),
        ("Run Google Ads to acquire our first 100 customers", [.campaigns]),
    ])
    func classify(objective: String, expected: [AgentType]) {
        let domains = DomainLexicon.classify(objective).map(\.domain)
        #expect(Set(domains) == Set(expected), "\(objective): \(domains)")
    }

    @Test("text about nothing the agents do maps to nothing")
    func unknown() {
        #expect(DomainLexicon.classify("Hire a head chef and buy an espresso machine").isEmpty)
        #expect(DomainLexicon.classify("").isEmpty)
    }

    @Test("phrases match whole words only")
    func wordBoundaries() {
        // "ads" inside "roads", "pr" inside "product", "site" inside "requisite" do not count.
        #expect(DomainLexicon.classify("roads product requisite").isEmpty)
    }

    @Test("machine names round-trip")
    func machineNames() {
        for type in AgentType.productOrder { #expect(AgentType(machineName: type.machineName) == type) }
        #expect(AgentType(machineName: "webdev") == nil)
    }
}
