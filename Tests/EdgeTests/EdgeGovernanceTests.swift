import Edge
import Foundation
import HTTPTypes
import NIOHTTP1
import Testing

/// Spend governance through the edge, as a founder's client sees it: the policy, a run
/// that pauses and asks, decisions over REST and the WebSocket, the ledger, actuals.
@Suite("Edge: approvals, budgets and actuals over REST and the WebSocket", .timeLimit(.minutes(3)))
struct EdgeGovernanceTests {
    @Test("a run pauses and asks live; decisions over REST and the WebSocket resume it; bad decisions get 400, 404 and 409; a reconnecting watcher gets the approval events again by seq")
    func approvalFlow() async throws {
        try await EdgeTestEnvironment().run { edge in
            let token = try await edge.signUp("gov@example.com")
            let bearer = [("Authorization", "Bearer \(token)")]
            let stranger = [("Authorization", "Bearer \(try await edge.signUp("other@example.com"))")]

            // The policy: tasks above $1,000 wait; bad fields are named.
            let badPolicy = try await edge.send(.PUT, "/api/approval-policy", headers: bearer, json: ["expire_after_seconds": 5, "on_rejection": "maybe", "currency": "XYZ"])
            #expect(badPolicy.status == 400)
            let fields = Set((badPolicy.json["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["on_rejection"] || fields.isSuperset(of: ["expire_after_seconds", "currency"]), "\(badPolicy.json)")
            let set = try await edge.send(.PUT, "/api/approval-policy", headers: bearer, json: ["auto_approve_up_to": 1_000, "currency": "USD"])
            #expect(set.status == 200 && (set.json["policy"] as? [String: Any])?["auto_approve_up_to_cents"] as? Int == 100_000, "\(set.json)")
            let read = try await edge.send(.GET, "/api/approval-policy", headers: bearer)
            #expect((read.json["policy"] as? [String: Any])?["expire_after_seconds"] as? Int == 86_400)

            // The run starts over the WebSocket and asks before its first expensive task.
            let first = Received()
            try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [EdgeWebSocketTests.start], received: first) {
                $0["event"] as? String == "approval_requested" || EdgeWebSocketTests.final.contains($0["event"] as? String ?? "")
            }
            let asked = try #require(first.all.last, "no event")
            #expect(asked["event"] as? String == "approval_requested", "\(asked)")
            let approval = try #require((asked["data"] as? [String: Any])?["approval"] as? [String: Any])
            let approvalID = try #require(approval["id"] as? String)
            let jobID = try #require(asked["job_id"] as? String)
            #expect(approval["status"] as? String == "pending" && approval["options"] as? [String] == ["approve", "reject", "raise"])
            #expect((approval["amount_cents"] as? Int ?? 0) > 100_000 && (approval["reason"] as? String ?? "").contains("$1,000"), "\(approval)")
            let askedSeq = try #require(asked["seq"] as? Int)

            let job = try await edge.send(.GET, "/api/orchestrations/\(jobID)", headers: bearer)
            #expect((job.json["job"] as? [String: Any])?["status"] as? String == "awaiting_approval")
            let pending = try await edge.send(.GET, "/api/approvals?status=pending&job_id=\(jobID)", headers: bearer)
            #expect(((pending.json["approvals"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == approvalID })
            #expect(try await edge.send(.GET, "/api/approvals?status=maybe", headers: bearer).status == 400)

            // Another user's request is not found; a bad decision is named; the owner's approval is idempotent; a contrary one is 409.
            let path = "/api/approvals/\(approvalID)/decision"
            #expect(try await edge.send(.POST, path, headers: stranger, json: ["decision": "approve"]).status == 404)
            let bad = try await edge.send(.POST, path, headers: bearer, json: ["decision": "maybe"])
            #expect(bad.status == 400 && (bad.json["details"] as? [[String: Any]])?.first?["field"] as? String == "decision")
            let raiseWithout = try await edge.send(.POST, path, headers: bearer, json: ["decision": "raise"])
            #expect(raiseWithout.status == 400 && (raiseWithout.json["details"] as? [[String: Any]])?.first?["field"] as? String == "raise")
            let approved = try await edge.send(.POST, path, headers: bearer, json: ["decision": "approve", "note": "go ahead"])
            #expect(approved.status == 200 && (approved.json["approval"] as? [String: Any])?["status"] as? String == "approved", "\(approved.json)")
            #expect(try await edge.send(.POST, path, headers: bearer, json: ["decision": "approve"]).status == 200)
            let contrary = try await edge.send(.POST, path, headers: bearer, json: ["decision": "reject"])
            #expect(contrary.status == 409 && (contrary.json["message"] as? String ?? "").contains("already approved"), "\(contrary.json)")

            // Every later request is decided too — one over the WebSocket — until the run ends.
            var decidedOverSocket = false
            for _ in 0..<3_000 {
                let state = try await edge.send(.GET, "/api/orchestrations/\(jobID)", headers: bearer)
                if ((state.json["job"] as? [String: Any])?["finished_at_unix_ms"] as? Int ?? 0) != 0 { break }
                let waiting = try await edge.send(.GET, "/api/approvals?status=pending&job_id=\(jobID)", headers: bearer)
                for request in (waiting.json["approvals"] as? [[String: Any]]) ?? [] {
                    let id = request["id"] as? String ?? ""
                    if !decidedOverSocket {
                        let answer = Received()
                        try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [["type": "decide_approval", "approval_id": id, "decision": "approve"]], received: answer) {
                            ["approval_decision", "error"].contains($0["event"] as? String ?? "")
                        }
                        #expect(answer.all.last?["event"] as? String == "approval_decision", "\(answer.all)")
                        decidedOverSocket = true
                    } else {
                        #expect(try await edge.send(.POST, "/api/approvals/\(id)/decision", headers: bearer, json: ["decision": "approve"]).status == 200)
                    }
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(decidedOverSocket)

            // A watcher reconnecting from before the request gets the approval events again, in order.
            let again = Received()
            try await edge.webSocket(headers: [.authorization: "Bearer \(token)"], send: [["type": "watch", "job_id": jobID, "after_seq": askedSeq - 1]], received: again) {
                EdgeWebSocketTests.final.contains($0["event"] as? String ?? "")
            }
            #expect(again.seqs == Array(askedSeq...(askedSeq + again.seqs.count - 1)))
            let names = again.all.compactMap { $0["event"] as? String }
            let requestedAt = try #require(names.firstIndex(of: "approval_requested"))
            let decidedAt = try #require(names.firstIndex(of: "approval_decided"))
            #expect(requestedAt == 0 && requestedAt < decidedAt && names.last == "orchestration_complete", "\(names)")

            // The ledger: planned against actual, the decision with who made it; actuals and budget changes.
            let ledger = try await edge.send(.GET, "/api/orchestrations/\(jobID)/budget", headers: bearer)
            #expect(ledger.status == 200 && ledger.json["currency"] as? String == "USD")
            let entries = ledger.json["entries"] as? [[String: Any]] ?? []
            #expect(entries.contains { $0["kind"] as? String == "approved" && $0["note"] as? String == "go ahead" && $0["actor_user_id"] is String })
            let task = try #require((ledger.json["tasks"] as? [[String: Any]])?.first?["task_id"] as? String)
            let paid = try await edge.send(.POST, "/api/orchestrations/\(jobID)/actuals", headers: bearer,
                                           json: ["task_id": task, "amount": 420.5, "paid_on": "2026-11-30", "vendor": "Figma"])
            #expect(paid.status == 201 && (paid.json["total"] as? [String: Any])?["actual_cents"] as? Int == 42_050, "\(paid.json)")
            let foreign = try await edge.send(.POST, "/api/orchestrations/\(jobID)/actuals", headers: bearer, json: ["amount": 10, "currency": "EUR", "paid_on": "2026-11-30"])
            #expect(foreign.status == 400 && (foreign.json["details"] as? [[String: Any]])?.first?["field"] as? String == "rate", "\(foreign.json)")
            let converted = try await edge.send(.POST, "/api/orchestrations/\(jobID)/actuals", headers: bearer, json: ["amount": 10, "currency": "EUR", "rate": "1.08", "paid_on": "2026-11-30"])
            #expect(converted.status == 201 && (converted.json["budget"] as? [String: Any])?["actual_cents"] as? Int == 43_130, "\(converted.json)")
            #expect(try await edge.send(.POST, "/api/orchestrations/\(jobID)/actuals", headers: stranger, json: ["amount": 10, "paid_on": "2026-11-30"]).status == 404)
            #expect(try await edge.send(.POST, "/api/orchestrations/\(jobID)/actuals", headers: bearer, json: ["amount": 1, "paid_on": "2026-11-30", "vendor": "=HYPERLINK(\"x\")"]).status == 201)

            // The export says what was decided and paid; the CSV has a row per task, agent, total and payment.
            let export = try await edge.send(.GET, "/api/orchestrations/\(jobID)/export", headers: bearer)
            let markdown = export.body
            #expect(markdown.contains("## Spend: decisions, planned and actual") && markdown.contains("approved: go ahead") && markdown.contains("| Figma |"), "\(markdown.suffix(3_000))")
            let csv = try await edge.send(.GET, "/api/orchestrations/\(jobID)/budget.csv", headers: bearer)
            #expect(csv.status == 200 && csv.headers["Content-Type"].first?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "row,task_id,title,agent,planned,committed,actual,variance,paid_on,vendor,note,currency")
            #expect(lines.contains { $0.hasPrefix("total,") && $0.contains(",432.30,") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("payment,") && $0.contains(",Figma,") })
            #expect(lines.contains { $0.contains("\"'=HYPERLINK(\"\"x\"\")\"") }, "a formula is made inert: \(lines.filter { $0.hasPrefix("payment") })")
            let ended = try await edge.send(.PUT, "/api/orchestrations/\(jobID)/budget", headers: bearer, json: ["total": 60_000])
            #expect(ended.status == 409, "\(ended.json)")
        }
    }

    @Test("webhooks over REST: bad URLs and events named, the secret shown once, the delivery log, deletion; another user's are not found")
    func webhooks() async throws {
        try await EdgeTestEnvironment().run { edge in
            let bearer = [("Authorization", "Bearer \(try await edge.signUp("hooks@example.com"))")]
            let stranger = [("Authorization", "Bearer \(try await edge.signUp("other@example.com"))")]
            let badURL = try await edge.send(.POST, "/api/webhooks", headers: bearer, json: ["url": "ftp://hooks.example.com/x"])
            #expect(badURL.status == 400 && (badURL.json["details"] as? [[String: Any]])?.first?["field"] as? String == "url", "\(badURL.json)")
            let badEvent = try await edge.send(.POST, "/api/webhooks", headers: bearer, json: ["url": "https://hooks.example.com/x", "events": ["run.maybe"]])
            #expect(badEvent.status == 400 && (badEvent.json["details"] as? [[String: Any]])?.first?["field"] as? String == "events", "\(badEvent.json)")
            let created = try await edge.send(.POST, "/api/webhooks", headers: bearer, json: ["url": "https://hooks.example.com/ceo", "events": ["approval.requested"]])
            #expect(created.status == 201, "\(created.json)")
            let secret = try #require(created.json["secret"] as? String)
            let id = try #require((created.json["webhook"] as? [String: Any])?["id"] as? String)
            let list = try await edge.send(.GET, "/api/webhooks", headers: bearer)
            #expect(!list.body.contains(secret) && list.body.contains(String(secret.prefix(12))))
            #expect(try await edge.send(.GET, "/api/webhooks/\(id)/deliveries", headers: bearer).status == 200)
            #expect(try await edge.send(.GET, "/api/webhooks/\(id)/deliveries", headers: stranger).status == 404)
            #expect(try await edge.send(.DELETE, "/api/webhooks/\(id)", headers: stranger).status == 404)
            #expect(try await edge.send(.DELETE, "/api/webhooks/\(id)", headers: bearer).status == 200)
            #expect(try await edge.send(.DELETE, "/api/webhooks/\(id)", headers: bearer).status == 404)
        }
    }

    @Test("plan review: an adjusted plan is approved as an immutable version, and a run started from it runs exactly it; bad adjustments are named; another user's plan is not found")
    func approvedPlan() async throws {
        try await EdgeTestEnvironment().run { edge in
            let bearer = [("Authorization", "Bearer \(try await edge.signUp("review@example.com"))")]
            let stranger = [("Authorization", "Bearer \(try await edge.signUp("other@example.com"))")]
            var body = EdgeAPITests.saas
            body["adjustments"] = ["drop_agents": ["campaigns"], "task_budgets": ["legal": 1]]
            let low = try await edge.send(.POST, "/api/cfo/plans", headers: bearer, json: body)
            #expect(low.status == 400 && (low.json["details"] as? [[String: Any]])?.first?["field"] as? String == "adjustments.task_budgets", "\(low.json)")
            body["adjustments"] = ["drop_agents": ["ads"]]
            let unknown = try await edge.send(.POST, "/api/cfo/plans", headers: bearer, json: body)
            #expect(unknown.status == 400 && (unknown.json["details"] as? [[String: Any]])?.first?["field"] as? String == "adjustments.drop_agents", "\(unknown.json)")

            body["adjustments"] = ["drop_agents": ["campaigns"], "reserve_percent": 15]
            let approved = try await edge.send(.POST, "/api/cfo/plans", headers: bearer, json: body)
            #expect(approved.status == 201 && approved.json["version"] as? Int == 1, "\(approved.json)")
            let planID = try #require(approved.json["plan_id"] as? String)
            let plan = try #require(approved.json["plan"] as? [String: Any])
            #expect(!((plan["tasks"] as? [[String: Any]]) ?? []).contains { $0["agent"] as? String == "campaigns" })

            #expect(try await edge.send(.POST, "/api/orchestrations", headers: stranger, json: ["plan_id": planID]).status == 404)
            let started = try await edge.send(.POST, "/api/orchestrations", headers: bearer, json: ["plan_id": planID])
            #expect(started.status == 202, "\(started.json)")
            let job = try #require(started.json["job"] as? [String: Any])
            let tasks = ((job["tasks"] as? [[String: Any]]) ?? []).compactMap { $0["agent"] as? String }
            #expect(!tasks.contains("campaigns") && tasks.count == ((plan["tasks"] as? [Any])?.count ?? -1), "\(tasks)")
            #expect(((job["plan"] as? [String: Any])?["warnings"] as? [String] ?? []).first?.hasPrefix("Adjusted by you before approval") == true)
        }
    }
}
