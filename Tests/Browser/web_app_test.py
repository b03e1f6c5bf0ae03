"""The web app in headless Chromium against the real stack.

Registers, analyzes a plan, starts a run, reloads mid-run and sees it resume, watches it
finish with its budget and deliverables, exports it, finds it in the history, creates and
revokes an API key, and signs out -- then checks that the browser logged no JavaScript
error and no Content-Security-Policy violation during the whole session, and that the
edge received no CSP report. Prints "browser: N passed, N failed".
"""
import argparse
import os
import subprocess
import sys
import time
import traceback
import urllib.request
import uuid

from axe_core_python.selenium import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--metrics", required=True)
parser.add_argument("--screenshots", required=True)
parser.add_argument("--downloads", required=True)
parser.add_argument("--restart-edge", required=True)
parser.add_argument("--admin-email", required=True)
parser.add_argument("--admin-password", required=True)
parser.add_argument("--secrets-file", required=True)
args = parser.parse_args()


def record_secret(secret):
    """Notes a secret given to the product; the test command then looks for it in the logs."""
    with open(args.secrets_file, "a", encoding="utf-8") as file:
        file.write(secret + "\n")


record_secret(args.admin_password)
record_secret("plum-orchard-lantern-42")
os.makedirs(args.downloads, exist_ok=True)

passed, failed = 0, 0
console = []
# Failures the test causes on purpose, which the browser logs as network errors:
# [start_ms, end_ms, what the logged URL contains].
provoked = []


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"browser: ok   {name}")
    else:
        failed += 1
        print(f"browser: FAIL {name} {detail}")


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors", "--window-size=1280,1000", "--disable-gpu"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
options.add_experimental_option("prefs", {"download.default_directory": args.downloads, "download.prompt_for_download": False})
driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 30)


def drain_console():
    console.extend(driver.get_log("browser"))


def by_id(element_id):
    return wait.until(EC.presence_of_element_located((By.ID, element_id)))


def fill(element_id, text):
    element = by_id(element_id)
    element.clear()
    element.send_keys(str(text))


def accessible(page):
    """axe-core on the page as it is now: no serious or critical violation."""
    results = Axe().run(driver, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results.get("violations", []) if v.get("impact") in ("serious", "critical")]
    passes = len(results.get("passes", []))
    check(f"accessibility (axe-core, WCAG 2.1 AA) of {page}: {passes} rules pass", not bad and passes > 10, "; ".join(bad[:5]))


def shot(name, width=1280, height=1000, top=None):
    driver.set_window_size(width, height)
    time.sleep(0.4)
    if top:
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", top)
        time.sleep(0.2)
    path = os.path.join(args.screenshots, name)
    driver.save_screenshot(path)
    check(f"screenshot {name}", os.path.getsize(path) > 10_000)
    if width < 500:
        overflow = driver.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1"
            " && !e.closest('.chart-scroll, .table-scroll')).slice(0, 3).map((e) => e.tagName + '.' + e.className);")
        check(f"{name}: nothing wider than the phone's screen", not overflow, str(overflow))
    driver.set_window_size(1280, 1000)
    time.sleep(0.2)


try:
    driver.get(args.base + "/")
    by_id("register-email")
    check("the sign-in and register forms are shown", driver.find_element(By.ID, "signin-email").is_displayed())
    accessible("the sign-in page")
    drain_console()

    # Register, with a weak password first: the rule is shown next to the field.
    email = f"founder-{uuid.uuid4().hex[:8]}@example.com"
    fill("register-name", "Rosa Founder")
    fill("register-email", email)
    fill("register-password", "short")
    by_id("register-submit").click()
    error = by_id("register-password-error")
    check("a weak password is refused next to the field", error.is_displayed() and "12 characters" in error.text, error.text)
    fill("register-password", "plum-orchard-lantern-42")
    by_id("register-submit").click()
    by_id("company-name")
    check("registered and signed in: the plan form is shown", "Rosa Founder" in by_id("who").text)

    # The plan, with a client-side check first.
    fill("company-name", "Casa Lumbre")
    fill("industry", "Tex-Mex restaurant")
    fill("location", "Austin, TX")
    fill("budget", "50")
    fill("timeline", "90")
    by_id("analyze").click()
    budget_error = by_id("budget-error")
    check("a budget under $100 is refused next to the field", budget_error.is_displayed() and "$100" in budget_error.text, budget_error.text)
    Select(by_id("currency")).select_by_value("GBP")
    check("the budget hint follows the currency", "£75" in driver.find_element(By.CSS_SELECTOR, "#budget-hint").text, driver.find_element(By.CSS_SELECTOR, "#budget-hint").text)
    by_id("analyze").click()
    budget_error = by_id("budget-error")
    check("in pounds, the budget's range is in pounds", budget_error.is_displayed() and "£75" in budget_error.text, budget_error.text)
    Select(by_id("currency")).select_by_value("USD")
    fill("budget", "25000")
    for objective in ["Run Google Ads and a social campaign to fill tables on weeknights", "Form the LLC and register the trademark",
                      "Set up email marketing and analytics", "Publish a weekly blog and a social content calendar",
                      "Find a restaurant lease", "Win our first 2000 customers"]:
        by_id("add-objective").click()
        driver.find_elements(By.CSS_SELECTOR, "input.objective")[-1].send_keys(objective)
    by_id("analyze").click()
    heading = by_id("plan-heading")
    check("analyze shows the plan", "Casa Lumbre" in heading.text, heading.text)
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.gantt rect.bar")
    check("the timeline chart draws one bar per task", len(bars) >= 3, str(len(bars)))
    check("the budget chart is drawn", len(driver.find_elements(By.CSS_SELECTOR, "svg.budget rect.bar")) >= 3)
    reasons = driver.find_elements(By.CSS_SELECTOR, "table.tasks td.small")
    check("every task says why it starts when it does", len(reasons) >= 3 and all(r.text.startswith("Starts on day") for r in reasons), str([r.text for r in reasons][:2]))
    check("the reserve is explained", "held back" in by_id("reserve-reason").text)
    covered = driver.find_elements(By.CSS_SELECTOR, "#objective-coverage li.covered")
    uncovered = driver.find_elements(By.CSS_SELECTOR, "#objective-coverage li.uncovered")
    check("each objective shows the agents that cover it, or that none does", len(covered) >= 5 and len(uncovered) == 1 and "lease" in uncovered[0].text,
          f"{len(covered)} covered, {[u.text for u in uncovered]}")
    check("an uncovered objective comes with what to do instead", "lease" in by_id("uncovered-objectives").text.lower())
    forecast_bars = driver.find_elements(By.CSS_SELECTOR, "#cash-out-forecast svg.cash-out rect.bar")
    check("the plan shows its cash-out forecast by month", len(forecast_bars) >= 3, str(len(forecast_bars)))
    labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "svg.gantt text")]
    check("the timeline's last day label is whole", any(label.endswith("90") for label in labels), str(labels[-3:]))
    accessible("the plan")
    shot("plan-desktop.png", 1280, 1000, "plan-heading")
    shot("plan-phone.png", 390, 844, "plan-heading")

    # Start the run over the WebSocket; reload mid-run.
    by_id("start-run").click()
    WebDriverWait(driver, 30).until(lambda d: "#/runs/" in d.current_url)
    run_url = driver.current_url
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".chip.running"))
    check("the live view shows an agent running", True)
    connection = by_id("connection").text
    check("the connection is live", connection == "Live", connection)
    before_reload = len(driver.find_elements(By.CSS_SELECTOR, "#deliverables article"))
    drain_console()
    driver.refresh()
    by_id("run-title")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".phases .agent"))
    status_after_reload = driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status")
    check("after a reload mid-run the run is still going", status_after_reload == "running", f"{status_after_reload}, {before_reload} deliverables before")
    check("the reload kept the run's address", driver.current_url == run_url)

    # Drop the connection mid-run (the edge process is killed and comes back 3 s later):
    # the page says it is reconnecting, reconnects, and resumes after its last seq.
    WebDriverWait(driver, 30).until(lambda d: by_id("connection").text == "Live")
    outage = [time.time() * 1000, float("inf"), "/ws"]
    provoked.append(outage)
    restart = subprocess.Popen([args.restart_edge, "3"])
    try:
        WebDriverWait(driver, 10).until(lambda d: "reconnecting" in by_id("connection").text.lower())
        check("a dropped connection says it is reconnecting", True)
    except TimeoutException:
        check("a dropped connection says it is reconnecting", False, by_id("connection").text)
    seq_while_offline = int(driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-seq"))
    check("the run was still going when the connection dropped", driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") == "running")
    restart.wait(timeout=30)
    WebDriverWait(driver, 30).until(lambda d: "reconnecting" not in by_id("connection").text.lower())
    outage[1] = time.time() * 1000
    WebDriverWait(driver, 120).until(lambda d: d.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") in ("succeeded", "partially_succeeded", "failed", "cancelled"))
    status = driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status")
    check("the run finishes", status == "succeeded", status)
    agents = driver.find_elements(By.CSS_SELECTOR, ".phases .agent")
    articles = driver.find_elements(By.CSS_SELECTOR, "#deliverables article")
    check("every agent delivered, each once", len(agents) == 6 and len(articles) == len(agents), f"{len(agents)} agents, {len(articles)} deliverable sections")
    page_seq = int(driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-seq"))
    server_seq = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then((r) => r.json()).then((b) => done(b.job.last_seq)).catch(() => done(-1));",
        "/api/orchestrations/" + run_url.split("#/runs/")[1])
    check("after the reconnect the page applied every event up to the run's last seq", page_seq == server_seq and page_seq > seq_while_offline, f"page {page_seq}, server {server_seq}, offline at {seq_while_offline}")
    spent = by_id("budget-spent").text
    check("the budget spent is shown", spent.startswith("$") and spent != "$0.00", spent)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#cash-out svg.cash-out rect.bar"))
    check("the cash-out chart shows the months' payments", len(driver.find_elements(By.CSS_SELECTOR, "#cash-out svg.cash-out rect.bar")) >= 3)
    progress = by_id("run-progress").get_attribute("value")
    check("the progress bar is full", progress == "100", progress)
    tables = driver.find_elements(By.CSS_SELECTOR, "#deliverables .markdown, #deliverables table.line-items")
    check("deliverables are rendered (Markdown and line items)", len(tables) >= 3)
    check("no script from server text ran", not driver.find_elements(By.CSS_SELECTOR, "#deliverables script"))
    hostile = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/assets/markdown.js').then(({renderMarkdown}) => {"
        "  const box = document.createElement('div');"
        "  box.append(renderMarkdown(arguments[0]));"
        "  done({html: box.innerHTML, elements: [...box.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),"
        "        handlers: [...box.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),"
        "        links: [...box.querySelectorAll('a')].map((a) => a.getAttribute('href'))});"
        "}).catch((error) => done({error: String(error)}));",
        "# Title <img src=x onerror=alert(1)>\n\n<script>alert(1)</script> **bold** [click](javascript:alert(1)) [ok](https://example.com)\n\n"
        "| a | b |\n|---|---|\n| <iframe src=x> | `<b>` |\n\n- <svg onload=alert(1)>")
    check("hostile Markdown renders as text: no script, image, frame, handler or javascript: link",
          "error" not in hostile and not set(hostile["elements"]) & {"script", "img", "iframe", "svg"} and not hostile["handlers"]
          and hostile["links"] == ["https://example.com"] and "&lt;script&gt;" in hostile["html"], str(hostile)[:300])
    check("the page is live or closed after the run, not reconnecting", "reconnecting" not in by_id("connection").text.lower())
    accessible("the finished run")
    shot("run-desktop.png", 1280, 1600)
    shot("run-phone.png", 390, 1400)

    by_id("export-run").click()
    deadline = time.time() + 10
    exported = []
    while time.time() < deadline and not exported:
        exported = [name for name in os.listdir(args.downloads) if name.endswith(".md")]
        time.sleep(0.2)
    content = open(os.path.join(args.downloads, exported[0]), encoding="utf-8").read() if exported else ""
    check("export downloads the deliverables as Markdown", "# Casa Lumbre" in content and "## Branding" in content, str(exported))
    check("the export contains the plan: objectives, what is not covered, sources",
          "### Objectives" in content and "### Not covered by the agents" in content and "## Sources" in content)

    # Goals against the forecast, and the re-plan step for the money the run did not spend.
    short = driver.find_elements(By.CSS_SELECTOR, "#goal-gaps tr.short")
    check("the goal of 2000 customers is shown against the forecast, with its gap", len(short) == 1 and "short" in short[0].text, by_id("goal-gaps").text[:200] if driver.find_elements(By.ID, "goal-gaps") else "no goals card")
    replan = driver.find_elements(By.ID, "replan")
    check("the unspent money is named, with what it could do", bool(replan) and "unspent" in replan[0].text, replan[0].text[:200] if replan else "no re-plan card")
    if replan and driver.find_elements(By.ID, "follow-up-run"):
        by_id("follow-up-run").click()
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "company-name"))
        objectives = [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "input.objective")]
        check("a follow-up run opens the plan form with the company and the unmet objectives",
              by_id("company-name").get_attribute("value") == "Casa Lumbre" and "Win our first 2000 customers" in objectives, str(objectives))
        accessible("the follow-up plan form")

    # History.
    driver.get(args.base + "/#/history")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.history tbody tr"))
    row = driver.find_element(By.CSS_SELECTOR, "table.history tbody tr")
    check("the history lists the run as done", "Casa Lumbre" in row.text and "Done" in row.text, row.text)
    row.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#deliverables article"))
    check("a past run opens as it ended", driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") == "succeeded")

    # API keys: create (shown once), list, revoke.
    driver.get(args.base + "/#/keys")
    fill("key-name", "CI pipeline")
    by_id("create-key").click()
    secret = by_id("key-secret").get_attribute("value")
    check("a new key's secret is shown once", len(secret) > 20, secret[:6])
    record_secret(secret)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, 'tr[data-key="CI pipeline"]'))
    check("the key is listed", True)
    accessible("the API keys page")
    driver.find_element(By.CSS_SELECTOR, 'tr[data-key="CI pipeline"] button').click()
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, 'tr[data-key="CI pipeline"]'))
    check("the key is revoked and gone from the list", True)

    # Sign out, then sign in again through the form (a wrong password first).
    by_id("sign-out").click()
    by_id("signin-email")
    check("sign out shows the sign-in form", not driver.find_element(By.ID, "nav").is_displayed())
    fill("signin-email", email)
    fill("signin-password", "not-the-password-at-all")
    wrong_password = [time.time() * 1000, float("inf"), "/api/auth/login"]
    provoked.append(wrong_password)
    by_id("signin-submit").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "form[aria-labelledby=signin-title] .form-error").is_displayed())
    wrong_password[1] = time.time() * 1000
    check("a wrong password is refused on the form", "wrong" in driver.find_element(By.CSS_SELECTOR, "form[aria-labelledby=signin-title] .form-error").text)
    fill("signin-password", "plum-orchard-lantern-42")
    by_id("signin-submit").click()
    by_id("company-name")
    check("signing in again shows the plan form", "Rosa Founder" in by_id("who").text)
    check("a user has no admin page", not driver.find_element(By.ID, "nav-admin").is_displayed())

    # Spending approvals: the founder asks to approve tasks above $2,000; the run pauses
    # and the prompt appears live; approving resumes it; a payment updates the chart.
    fill("policy-amount", "2000")
    by_id("save-policy").click()
    WebDriverWait(driver, 15).until(lambda d: "$2,000" in by_id("policy-status").text)
    check("the approval policy is saved and described", "ask you before any task above $2,000" in by_id("policy-status").text, by_id("policy-status").text)
    fill("company-name", "Hearth Ceramics")
    fill("industry", "Handmade ceramics studio")
    fill("location", "Portland, OR")
    fill("budget", "30000")
    fill("timeline", "120")
    by_id("analyze").click()
    WebDriverWait(driver, 30).until(lambda d: "Hearth Ceramics" in by_id("plan-heading").text)
    by_id("start-run").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#approvals article.approval"))
    prompt = driver.find_element(By.CSS_SELECTOR, "#approvals article.approval")
    check("the approval prompt appears live, with why and how much", "$2,000" in prompt.text and "costs" in prompt.text, prompt.text[:200])
    check("the run says it waits for the founder", driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") == "awaiting_approval")
    accessible("a run waiting for approval")
    shot("approval-desktop.png", 1280, 1000, "approvals")
    approved = 0
    for _ in range(20):
        buttons = driver.find_elements(By.CSS_SELECTOR, "#approvals button.approve")
        if not buttons:
            if driver.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") in ("succeeded", "partially_succeeded", "failed"):
                break
            time.sleep(0.3)
            continue
        buttons[0].click()
        approved += 1
        time.sleep(0.3)
    WebDriverWait(driver, 90).until(lambda d: d.find_element(By.CSS_SELECTOR, "section.run").get_attribute("data-status") == "succeeded")
    check("approving resumes the run to its end", approved >= 1, f"{approved} approvals")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#planned-actual svg.planned-actual"))
    paid = lambda: driver.execute_script("return document.getElementById('actual-total')?.textContent ?? ''")
    before = paid()
    planned_bars = len(driver.find_elements(By.CSS_SELECTOR, "#planned-actual rect.bar"))
    check("the planned-against-actual chart is drawn, one bar per agent", planned_bars >= 2 and before == "$0.00", f"{planned_bars} bars, paid {before}")
    Select(by_id("actual-task")).select_by_index(1)
    fill("actual-amount", "1234.5")
    fill("actual-vendor", "Kiln & Co.")
    by_id("record-actual").click()
    WebDriverWait(driver, 15).until(lambda d: paid() != before)
    check("a payment updates the planned-against-actual figures", paid() == "$1,234.50", paid())
    check("the payment is listed", "Kiln & Co." in by_id("actuals").text)
    check("the chart shows what was paid", any(float(r.get_attribute("width")) > 0 for r in driver.find_elements(By.CSS_SELECTOR, "#planned-actual rect.actual")))
    accessible("the planned-against-actual card")
    by_id("sign-out").click()

    # The admin sees the users and the audit log.
    fill("signin-email", args.admin_email)
    fill("signin-password", args.admin_password)
    by_id("signin-submit").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "nav-admin").is_displayed())
    by_id("nav-admin").click()
    WebDriverWait(driver, 15).until(lambda d: email in d.find_element(By.ID, "main").text)
    check("the admin page lists users with their roles", len(driver.find_elements(By.CSS_SELECTOR, "#main select")) >= 2)
    audit_rows = driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=audit-title] tbody tr")
    check("the admin page shows the audit log", len(audit_rows) >= 3, str(len(audit_rows)))
    accessible("the admin page")
    by_id("sign-out").click()
    by_id("signin-email")
    drain_console()
except Exception as error:  # a step that timed out or broke: record it, keep the report
    failed += 1
    print(f"browser: FAIL {type(error).__name__}: {error}")
    traceback.print_exc()
    try:
        driver.save_screenshot(os.path.join(args.screenshots, "failure.png"))
        drain_console()
    except Exception:
        pass
finally:
    for entry in console:
        print(f"browser: console {entry.get('level')}: {entry.get('message')}")
    def expected(entry):
        return entry.get("source") == "network" and any(
            start <= entry.get("timestamp", 0) <= end and fragment in entry.get("message", "") for start, end, fragment in provoked)
    errors = [entry for entry in console if entry.get("level") == "SEVERE" and not expected(entry)]
    check("the only network errors are the ones the test provoked (edge down, wrong password)", all(
        expected(entry) for entry in console if entry.get("level") == "SEVERE" and entry.get("source") == "network"))
    csp = [entry for entry in console if "Content Security Policy" in entry.get("message", "") or "Refused to" in entry.get("message", "")]
    check("no JavaScript error in the console", not errors, str(errors[:3]))
    check("no CSP violation in the console", not csp, str(csp[:3]))
    try:
        metrics = urllib.request.urlopen(args.metrics, timeout=10).read().decode()
        reports = [line for line in metrics.splitlines() if line.startswith("ceo_edge_csp_reports_total ")]
        check("the edge received no CSP report", not reports or reports[0].endswith(" 0"), str(reports))
    except Exception as error:
        check("the edge's metrics answer", False, str(error))
    driver.quit()

print(f"browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
