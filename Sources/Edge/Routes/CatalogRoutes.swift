import CEOAPI
import CEODomain
import HTTPTypes
import Hummingbird

/// `GET /api/catalog` (public): what the web app and other clients should not hard-code —
/// the agents with their names and colours, the plan request's input rules, and the
/// run and task statuses and WebSocket events, each marked final or not.
struct CatalogRoutes {
    struct AgentJSON: Encodable {
        var type: String
        var title: String
        var shortTitle: String
        var description: String
        var color: String

        enum CodingKeys: String, CodingKey {
            case type, title, description, color, shortTitle = "short_title"
        }
    }

    struct RuleJSON: Encodable {
        var field: String
        var label: String
        var kind: String
        var required: Bool
        var minimum: Double?
        var maximum: Double?
        var itemMinimumLength: Int?
        var itemMaximumLength: Int?
        var unit: String?
        var example: String?
        var choices: [String]?

        enum CodingKeys: String, CodingKey {
            case field, label, kind, required, minimum, maximum, unit, example, choices
            case itemMinimumLength = "item_minimum_length", itemMaximumLength = "item_maximum_length"
        }

        /// A rule in the public API's units (money in US dollars; `currencies` has each currency's range).
        init(_ rule: InputRule) {
            field = rule.apiField
            label = rule.label
            required = rule.required
            unit = rule.unit
            example = rule.example
            switch rule.bounds {
            case .text(let length): (kind, minimum, maximum) = ("text", Double(length.lowerBound), Double(length.upperBound))
            case .money(let cents): (kind, minimum, maximum) = ("money", Double(cents.lowerBound) / 100, Double(cents.upperBound) / 100)
            case .integer(let range): (kind, minimum, maximum) = ("integer", Double(range.lowerBound), Double(range.upperBound))
            case .choice(let codes): (kind, choices) = ("choice", codes)
            case .textList(let count, let itemLength):
                (kind, minimum, maximum) = ("text_list", Double(count.lowerBound), Double(count.upperBound))
                (itemMinimumLength, itemMaximumLength) = (itemLength.lowerBound, itemLength.upperBound)
            }
        }
    }

    /// A supported currency: its budget range in major units and its planning rate.
    struct CurrencyJSON: Encodable {
        var code: String
        var budgetMinimum: Double
        var budgetMaximum: Double
        var perUSD: Double

        enum CodingKeys: String, CodingKey {
            case code, budgetMinimum = "budget_minimum", budgetMaximum = "budget_maximum", perUSD = "per_usd"
        }
    }

    struct LifecycleNameJSON: Encodable {
        var name: String
        var final: Bool
    }

    struct CatalogJSON: Encodable {
        var agents: [AgentJSON]
        var planRequestRules: [RuleJSON]
        var currencies: [CurrencyJSON]
        /// Where the planning rates come from, and their day.
        var planningRates: String
        var jobStatuses: [LifecycleNameJSON]
        var taskStatuses: [LifecycleNameJSON]
        var events: [LifecycleNameJSON]

        enum CodingKeys: String, CodingKey {
            case agents, events, currencies, planRequestRules = "plan_request_rules", jobStatuses = "job_statuses", taskStatuses = "task_statuses"
            case planningRates = "planning_rates"
        }

        init(catalog: AgentCatalog) {
            agents = catalog.agents.map {
                AgentJSON(type: $0.machineName, title: $0.title, shortTitle: $0.shortTitle, description: $0.description, color: $0.color)
            }
            planRequestRules = PlanRequestRules.all.map(RuleJSON.init)
            let rates = PlanningRates.standard
            currencies = rates.rates.compactMap { rate in
                PlanRequestRules.budgetRange(in: rate.currency).map {
                    CurrencyJSON(code: rate.currency, budgetMinimum: Double($0.lowerBound) / 100, budgetMaximum: Double($0.upperBound) / 100, perUSD: rate.perUSD)
                }
            }
            planningRates = "\(rates.publisher) of \(rates.asOf): \(rates.source)"
            jobStatuses = JobStatus.lifecycle.map { LifecycleNameJSON(name: $0.apiName, final: $0.isFinal) }
            taskStatuses = TaskStatus.lifecycle.map { LifecycleNameJSON(name: $0.apiName, final: $0.isFinal) }
            // Several event types share a name (every task event is agent_status_update).
            var seen = Set<String>()
            events = JobEventType.lifecycle.compactMap { type in
                seen.insert(type.apiName).inserted ? LifecycleNameJSON(name: type.apiName, final: type.isFinal) : nil
            }
        }
    }

    let catalog: CatalogJSON

    init(catalog: AgentCatalog) {
        self.catalog = CatalogJSON(catalog: catalog)
    }

    func register(on router: some RouterMethods<EdgeRequestContext>) {
        router.get("/api/catalog") { [catalog] _, _ in
            try JSONResponse.make(.ok, catalog, headers: [.cacheControl: "public, max-age=300"])
        }
    }
}
