import CEOAPI
import CEODomain
import Testing

/// When a run's money goes out: one-time items in the month their task starts, media
/// by the task's days in each month, subscriptions as billed; the schedule adds up to the
/// line items to the cent.
@Suite("Cash-out schedule")
struct CashOutScheduleTests {
    static func item(_ total: Int64, quantity: Int32 = 1, billing: String = "one_time", category: String = "design") -> LineItem {
        var item = LineItem()
        item.quantity = quantity
        item.unitCostCents = total / Int64(quantity)
        item.totalCents = total
        item.billing = billing
        item.category = category
        return item
    }

    @Test("one-time work in the start month, media spread to the cent, monthly and yearly subscriptions as billed")
    func schedule() {
        var plan = Plan()
        var branding = PlannedTask(), campaigns = PlannedTask()
        (branding.id, branding.agent, branding.startDay, branding.endDay) = ("branding", .branding, 0, 30)
        (campaigns.id, campaigns.agent, campaigns.startDay, campaigns.endDay) = ("campaigns", .campaigns, 61, 152)
        plan.tasks = [branding, campaigns]
        var brandingRun = TaskRun(), campaignsRun = TaskRun()
        (brandingRun.taskID, brandingRun.agent) = ("branding", .branding)
        (campaignsRun.taskID, campaignsRun.agent) = ("campaigns", .campaigns)
        var design = Deliverable()
        design.lineItems = [Self.item(50_000), Self.item(2_400, quantity: 3, billing: "monthly", category: "software"), Self.item(27_600, billing: "yearly", category: "software")]
        brandingRun.deliverables = [design]
        var media = Deliverable()
        media.lineItems = [Self.item(100_001, category: "media")]
        campaignsRun.deliverables = [media]
        let schedule = CashOutSchedule(plan: plan, tasks: [brandingRun, campaignsRun])
        #expect(schedule.totalCents == 50_000 + 2_400 + 27_600 + 100_001)
        let byMonth = schedule.months.map { [$0.byAgent[.branding] ?? 0, $0.byAgent[.campaigns] ?? 0] }
        // Month 1: the work, the first month of the subscription and the yearly plan.
        #expect(byMonth[0] == [50_000 + 800 + 27_600, 0])
        #expect(byMonth[1] == [800, 0] && byMonth[2][0] == 800)
        // Days 61–151 (91 days) are months 3–5 (months of 365.25 / 12 days: days 61–91,
        // 92–121 and 122–151, so 31, 30 and 30 of them): the media by those days, to the cent.
        #expect(byMonth[2][1] == 100_001 * 31 / 91 && byMonth[3][1] == 100_001 * 61 / 91 - 100_001 * 31 / 91)
        #expect(byMonth[2][1] + byMonth[3][1] + byMonth[4][1] == 100_001)
        #expect(schedule.months.count == 5)
    }

    @Test("a campaign from day 90 to 180 pays its first two days in month 3 and the rest in months 4–6, not a quarter in month 3")
    func campaignStartingAtAMonthsEnd() {
        var plan = Plan()
        var campaigns = PlannedTask()
        (campaigns.id, campaigns.agent, campaigns.startDay, campaigns.endDay, campaigns.budgetCents) = ("campaigns", .campaigns, 90, 180, 2_700_000)
        plan.tasks = [campaigns]
        var run = TaskRun()
        (run.taskID, run.agent) = ("campaigns", .campaigns)
        var media = Deliverable()
        media.lineItems = [Self.item(2_700_000, category: "media")]
        run.deliverables = [media]
        for schedule in [CashOutSchedule(plan: plan, tasks: [run]), CashOutSchedule(forecasting: plan)] {
            let cents = schedule.months.map { $0.byAgent[.campaigns] ?? 0 }
            // Days 90–91 fall in month 3 (it ends at day 91.3), 92–121 in month 4, 122–152 in 5, 153–179 in 6.
            #expect(cents == [0, 0, 60_000, 900_000, 930_000, 810_000])
            #expect(schedule.totalCents == 2_700_000)
        }
    }

    @Test("the spread: parts by days, adding up to the amount; an empty window pays it all at its start")
    func spread() {
        let parts = CashOutSchedule.spread(1_000, fromDay: 0, toDay: 3)
        #expect(parts.map(\.month) == [0] && parts.map(\.cents) == [1_000])
        let across = CashOutSchedule.spread(999_999, fromDay: 10, toDay: 400)
        #expect(across.reduce(0) { $0 + $1.cents } == 999_999)
        #expect(across.map(\.month) == Array(0...13))
        #expect(across.allSatisfy { $0.cents > 0 })
        let empty = CashOutSchedule.spread(5_000, fromDay: 45, toDay: 45)
        #expect(empty.map(\.month) == [1] && empty.map(\.cents) == [5_000])
    }

    @Test("no delivered line items, no months")
    func empty() {
        #expect(CashOutSchedule(plan: Plan(), tasks: []).months.isEmpty)
    }
}
