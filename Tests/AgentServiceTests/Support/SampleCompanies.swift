import AgentService
import CEOAPI
import CEORPC
import Foundation

/// The three contrasting companies the agents are judged on.
enum SampleCompanies {
    static func company(_ name: String, _ industry: String, _ location: String, dollars: Int64, days: Int32) -> Company {
        var company = Company()
        company.name = name
        company.industry = industry
        company.location = location
        company.budgetCents = dollars * 100
        company.timelineDays = days
        return company
    }

    static let delawareSaaS = company("Ledgerly", "B2B SaaS for accounting teams", "Wilmington, DE", dollars: 50_000, days: 180)
    static let texasRestaurant = company("Casa Lumbre", "Tex-Mex restaurant", "Austin, TX", dollars: 3_000, days: 60)
    static let londonHealthcare = company("Kindred Clinic", "digital healthcare", "London, UK", dollars: 20_000, days: 90)

    static let all = [delawareSaaS, texasRestaurant, londonHealthcare]

    /// An executor with all six agents and no cache.
    static func executor() throws -> AgentExecutor {
        AgentExecutor(agents: try AgentServiceApp.agents(reference: ReferenceData.bundled()), cache: nil)
    }

    /// A task title each agent accepts.
    static func title(for agent: AgentType) -> String {
        switch agent {
        case .branding: "Brand identity"
        case .legal: "Entity formation, trademark and privacy policy"
        case .webDevelopment: "Build the website"
        case .martech: "Email marketing, CRM and analytics setup"
        case .content: "Content calendar and blog posts"
        case .campaigns: "Launch campaign"
        default: "unknown"
        }
    }

    static func request(_ agent: AgentType, _ company: Company, title: String, budgetCents: Int64, objectives: [String] = []) -> ExecuteTaskRequest {
        var request = ExecuteTaskRequest()
        request.agent = agent
        request.company = company
        request.task.id = "\(agent)-1"
        request.task.title = title
        request.task.objectives = objectives
        request.task.startDay = 0
        request.task.endDay = min(30, company.timelineDays)
        request.budgetCents = budgetCents
        return request
    }
}
