import CEODomain
/// How people act on a kind of site (the industry playbook's `site_pattern`): the flow the
/// build delivers, the checks that flow needs beyond the standard checklist, the launch
/// test that proves it works, and the call to action ads lead to.
struct SitePattern {
    let flow: String
    let checks: [String]
    let launchTest: String
    /// A short call to action (at most 20 characters), for example "Book online".
    let action: String
    /// The key clauses of the terms a customer accepts in this flow.
    let terms: [String]

    init(_ name: String) {
        terms = switch name {
        case "booking": ["A booking is confirmed by email; changes and cancellations up to 24 hours ahead are free, later ones or a no-show may keep the deposit.",
                         "Prices are those shown when booking; a treatment or service that changes on the day is agreed before it starts."]
        case "checkout": ["The contract is made when the order is confirmed by email; delivery times and costs are those shown at checkout.",
                          "Returns within the legal withdrawal period (14 days in the UK and the EU), refunded within 14 days of receiving the item back; personalised items excepted."]
        case "menu": ["Table bookings are held 15 minutes; groups of eight or more confirm with a deposit.",
                      "Allergen information is given on request from the written recipe record; orders through delivery partners follow their terms."]
        case "portfolio": ["Each project has a written scope, a price and two rounds of revisions; further work is quoted first.",
                           "Rights in the work pass to the client on full payment; the studio may show it in its portfolio unless agreed otherwise."]
        case "signup": ["Plans renew monthly or yearly until cancelled from the account; a cancellation ends the plan at the end of the period paid.",
                        "Customer data stays the customer's: export on request, deletion within 30 days of the account closing, under the data processing agreement."]
        case "listings": ["The agency's fee, when it is due and what it covers are set out before instruction; no sale, no fee unless agreed otherwise.",
                          "Listing details are checked with the seller or landlord; buyers and tenants are told of any material fact the agency knows."]
        case "donations": ["Donations are used for the charity's purposes; a gift made in error is refunded if reported within 30 days.",
                           "Monthly gifts can be stopped at any time; donors' details are never sold or swapped."]
        default: ["A written quote is valid for 30 days; work starts once it is accepted, with any deposit stated in it.",
                  "Payment is due within 14 days of the invoice; workmanship is guaranteed for 12 months."]
        }
        action = switch name {
        case "booking": "Book online"
        case "checkout": "Shop the collection"
        case "menu": "See the menu"
        case "portfolio": "See our work"
        case "signup": "Start free"
        case "listings": "Get a valuation"
        case "donations": "Donate today"
        default: "Get a free quote"
        }
        switch name {
        case "booking":
            flow = "the booking flow: pick a service, a time and a person, pay a deposit if the policy asks for one, and get a confirmation email with a calendar invite and a link to change or cancel — no account needed"
            checks = ["The booking widget works with a keyboard and a screen reader: time slots are buttons with their date and time in the label.",
                      "The cancellation rule and any deposit are shown before the time is chosen, not after."]
            launchTest = "Three test bookings end to end (book, reschedule, cancel) with real confirmation emails"
        case "checkout":
            flow = "the buying flow: collection, product page with price, options and delivery time, cart, and the platform's hosted checkout with tax and shipping worked out before payment"
            checks = ["Product options (size, colour) are real form controls with labels; the chosen variant and its stock are announced.",
                      "Shipping costs and the returns window appear on the product page, before checkout."]
            launchTest = "A real order paid and refunded, with the confirmation and shipping emails checked"
        case "menu":
            flow = "the menu as an HTML page (never only a PDF) with prices and dietary labels, and the order and reservation links on every page"
            checks = ["The menu is text, not an image: prices and allergen or dietary labels are read out by screen readers.",
                      "Opening hours and the address are in the footer and in the LocalBusiness structured data, identical to the map listing."]
            launchTest = "A test reservation and a test order through the linked services, and the menu read on a phone outdoors"
        case "portfolio":
            flow = "the proof pages: each project or result with the brief, what was done, and the outcome in numbers, leading to an enquiry form that asks for the budget and timing"
            checks = ["Project images have alt text that says what the work is, and captions carry the facts (client, year, scope).",
                      "Case-study pages load their large images lazily and stay under 2.5 s on a phone."]
            launchTest = "Two enquiries sent through the form reach the CRM with their source"
        case "signup":
            flow = "the sign-up flow: the value on the home page, plans on the pricing page, and a sign-up or demo form of three fields or fewer that lands in the CRM with its source"
            checks = ["The sign-up form names each error in words and keeps what was typed.",
                      "Pricing tables are real tables with headers, readable on a phone without sideways scrolling."]
            launchTest = "Sign-up, password reset and the demo request tested end to end, each event seen in analytics"
        case "listings":
            flow = "the listings: each home with photos, price, floor area, floor plan and a viewing request, and a valuation form for sellers"
            checks = ["Listing photos have alt text naming the room; floor plans have a text summary of rooms and sizes.",
                      "Price, status (for sale, under offer, sold) and the agency's licence or redress details are on every listing."]
            launchTest = "A valuation request and a viewing request reach the CRM and get the automatic reply"
        case "donations":
            flow = "the giving flow: one-off and monthly amounts, each with what it pays for, through the payment provider's hosted form, with an instant receipt that meets the tax rules"
            checks = ["Donation amounts are buttons with their value and what it pays for in the label; a custom amount field has a label.",
                      "The charity's registration number and the privacy notice are on the donation page."]
            launchTest = "A real donation made and refunded, with the receipt checked against the tax rules"
        default:
            flow = "the enquiry flow: services with typical prices, proof of past work, and a quote form that asks for the job, the place and photos, answered within a day"
            checks = ["The quote form's file upload works with a keyboard and says which files it accepts.",
                      "The phone number is a tap-to-call link on every page."]
            launchTest = "Two quote requests with photos reach the CRM and get the automatic reply"
        }
    }
}
