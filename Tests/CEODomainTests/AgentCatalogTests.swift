import CEOAPI
import CEODomain
import CEOTestSupport
import Foundation
import Testing

@Suite("The agent catalog: one entry per agent, validated when loaded")
struct AgentCatalogTests {
    @Test("the bundled catalog loads, in the product's order, dependencies first")
    func bundled() throws {
        let catalog = try AgentCatalog.bundled()
        #expect(catalog.agents.map(\.machineName) == ["branding", "legal", "web_development", "martech", "content", "campaigns"])
        for (index, agent) in catalog.agents.enumerated() {
            let earlier = Set(catalog.agents[..<index].map(\.machineName))
            #expect(agent.planning.dependsOn.allSatisfy(earlier.contains), "\(agent.machineName)")
        }
    }

    @Test("every agent of the proto enum has a catalog entry, and every entry a proto name")
    func protoAgrees() {
        let proto = Set(AgentType.allCases.filter { $0 != .unspecified }.map(\.rawValue))
        #expect(Set(AgentCatalog.standard.agents.map(\.wireValue)) == proto)
    }

    @Test("machine names, short titles and parsing read the catalog")
    func agentTypeNames() {
        #expect(AgentType.webDevelopment.machineName == "web_development")
        #expect(AgentType.martech.shortTitle == "Martech")
        #expect(AgentType(machineName: "campaigns") == .campaigns)
        #expect(AgentType(machineName: "marketing") == nil)
        #expect(AgentType.UNRECOGNIZED(42).machineName == "agent_42")
    }

    @Test("an extra agent is a catalog entry: its wire number, names, colour and keywords")
    func extraAgent() throws {
        let catalog = try CatalogFixtures.withHiringAgent()
        let hiring = try #require(catalog.profile(named: CatalogFixtures.hiringMachineName))
        #expect(catalog.agents.count == AgentCatalog.standard.agents.count + 1)
        #expect(hiring.type == .UNRECOGNIZED(CatalogFixtures.hiringWireValue))
        #expect(catalog.profile(of: hiring.type)?.machineName == "hiring")
        #expect(hiring.taskTitle(for: "Ledgerly") == "Hiring plan for Ledgerly")
    }

    @Test("a broken catalog is refused, naming the file, the entry and the problem", arguments: [
        (#""machine_name": "hiring""#, #""machine_name": "branding""#, "agents[6] (branding): machine_name is used twice"),
        (#""wire_value": 7"#, #""wire_value": 3"#, "agents[6] (hiring): wire_value 3 is used twice"),
        (#""depends_on": ["branding"]"#, #""depends_on": ["payroll"]"#, "agents[6] (hiring): planning.depends_on names 'payroll'"),
        (##""color": "#0891b2""##, #""color": "teal""#, "agents[6] (hiring): color must be #rrggbb"),
        (#""weight": 0.10"#, #""weight": 0"#, "agents[6] (hiring): planning.weight must be more than 0"),
        (#""keywords": ["hire""#, #""keywords": ["Hire""#, "agents[6] (hiring): keyword 'Hire' must be lower case"),
    ])
    func refused(original: String, broken: String, message: String) throws {
        let entry = CatalogFixtures.hiringEntry.replacingOccurrences(of: original, with: broken)
        #expect(entry != CatalogFixtures.hiringEntry)
        do {
            _ = try AgentCatalog(agents: AgentCatalog.standard.agents + [CatalogFixtures.profile(entry)], file: "agents.json")
            Issue.record("accepted: \(message)")
        } catch let error as DomainDataError {
            #expect(error.description.hasPrefix("agents.json: " + message), "\(error)")
        }
    }

    @Test("a catalog document with a missing field is refused naming the path")
    func missingField() {
        let document = #"{"agents": [{"machine_name": "branding", "wire_value": 1}]}"#
        #expect {
            _ = try AgentCatalog.decode(Data(document.utf8), file: "agents.json")
        } throws: { error in
            (error as? DomainDataError)?.description.hasPrefix("agents.json: agents[0] has no 'title'") == true
        }
    }
}
