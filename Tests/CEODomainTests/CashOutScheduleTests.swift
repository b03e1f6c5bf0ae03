import CEOAPI
import CEODomain
import Testing

/// When a run's money goes out: one-time items in the month their task starts, media
/// spread over the task's months, subscriptions as billed; the schedule adds up to the
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
        // Days 61–152 are months 3–5: the media is spread over them, the remainder in the last.
        #expect(byMonth[2][1] == 33_333 && byMonth[3][1] == 33_333 && byMonth[4][1] == 33_335)
        #expect(schedule.months.count == 5)
    }

    @Test("no delivered line items, no months")
    func empty() {
        #expect(CashOutSchedule(plan: Plan(), tasks: []).months.isEmpty)
    }
}
