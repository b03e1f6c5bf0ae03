import AgentService
import CEOAPI
import CEORPC
import CEOTestSupport
import Foundation

/// What the agent tests do with the sample companies.
extension SampleCompanies {
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
