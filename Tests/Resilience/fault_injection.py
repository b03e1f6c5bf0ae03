"""Fault injection against the real stack, as separate processes.

For each fault: start runs (with paced agents, so they are mid-flight), watch each over
the WebSocket, inject the fault (SIGKILL a service and restart it, or stop AuthService
for a while), then check the promises: every run ends (none lost or stuck), no task is
settled twice in the ledger, the budget invariant holds, every watcher received every
seq once, and readiness reported the outage and recovered. Prints a table and
"fault-injection: N passed, N failed".
"""
import argparse, json, os, random, signal, sqlite3, ssl, subprocess, sys, threading, time, urllib.request

import websocket  # websocket-client

parser = argparse.ArgumentParser()
parser.add_argument("--ceo", required=True)
parser.add_argument("--work", required=True)
parser.add_argument("--runs", type=int, default=4)
args = parser.parse_args()

data = os.path.join(args.work, "data")
base = random.randrange(20000, 29000, 20)
ports = {"auth": base, "agents": base + 1, "orchestrator": base + 2, "edge": base + 3}
https = base + 10
environment = dict(os.environ,
    CEO_AUTH_ENDPOINTS=f"127.0.0.1:{ports['auth']}", CEO_AGENT_ENDPOINTS=f"127.0.0.1:{ports['agents']}",
    CEO_ORCHESTRATOR_ENDPOINTS=f"127.0.0.1:{ports['orchestrator']}", CEO_EDGE_HTTP_PORT=str(https),
    CEO_EDGE_METRICS_PORT="0", CEO_METRICS_PORT="0", CEO_AGENTS_PACE_MS="700", CEO_LOG_FORMAT="json",
    CEO_ORCHESTRATOR_TASK_TIMEOUT_SECONDS="20")
for policy in ["ANALYZE", "AGENT_EXECUTE", "LOGIN", "GENERAL", "CSP_REPORT"]:
    environment[f"CEO_EDGE_RATE_LIMIT_{policy}"] = "1000000/60"
environment["CEO_EDGE_RATE_LIMIT_BURST"] = "1000000/10"
processes = {}


def start(name):
    log = open(os.path.join(args.work, f"{name}.log"), "a")
    processes[name] = subprocess.Popen([args.ceo, name, "--data-dir", data, "--port", str(ports[name]), "--drain-seconds", "1"],
                                       env=environment, stdout=subprocess.DEVNULL, stderr=log)


def kill(name, sig=signal.SIGKILL):
    processes[name].send_signal(sig)
    processes[name].wait(timeout=30)


subprocess.run([args.ceo, "pki", "init", "--data-dir", data], check=True, stdout=subprocess.DEVNULL)
for name in ["auth", "agents", "orchestrator", "edge"]:
    start(name)
tls = ssl.create_default_context(cafile=os.path.join(data, "pki", "ca.pem"))
url = f"https://localhost:{https}"


def call(method, path, body=None, token=None):
    request = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode())
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, context=tls, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except Exception as error:  # the edge itself is down
        return 0, {"error": str(error)}


def wait_ready(timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if call("GET", "/health/ready")[0] == 200:
            return True
        time.sleep(0.2)
    return False


assert wait_ready(), "the stack did not become ready"
password = "plum-orchard-lantern-42"
call("POST", "/api/auth/register", {"email": "faults@example.com", "password": password})


def sign_in():
    for _ in range(100):
        status, body = call("POST", "/api/auth/login", {"email": "faults@example.com", "password": password, "session": False})
        if status == 200:
            return body["access_token"]
        time.sleep(0.3)
    raise RuntimeError("cannot sign in")


class Watcher(threading.Thread):
    """Watches one run over the WebSocket, reconnecting after drops with after_seq."""
    def __init__(self, job_id, token):
        super().__init__(daemon=True)
        self.job_id, self.token, self.seqs, self.done, self.reconnects = job_id, token, [], False, 0

    def run(self):
        deadline = time.time() + 180
        while not self.done and time.time() < deadline:
            try:
                socket = websocket.create_connection(f"wss://localhost:{https}/ws", sslopt={"context": tls}, timeout=30,
                                                     header=[f"Authorization: Bearer {self.token}"])
                socket.send(json.dumps({"type": "watch", "job_id": self.job_id, "after_seq": self.seqs[-1] if self.seqs else 0}))
                while True:
                    message = json.loads(socket.recv())
                    if "seq" in message:
                        self.seqs.append(message["seq"])
                    if message.get("event") in ("orchestration_complete", "orchestration_failed", "orchestration_cancelled"):
                        self.done = True
                        socket.close()
                        return
            except Exception:
                self.reconnects += 1
                time.sleep(0.5)


company = {"company_name": "Ledgerly", "industry": "B2B SaaS for accounting teams", "location": "Wilmington, DE", "budget": 50000, "timeline": 180,
           "objectives": ["Build a memorable brand and logo", "Launch a website with pricing and docs", "Run Google Ads to acquire the first customers",
                          "Set up email marketing and analytics", "Publish a weekly blog", "Form the LLC and register the trademark"]}


def scenario(name, inject):
    token = sign_in()
    jobs = []
    for index in range(args.runs):
        status, body = call("POST", "/api/orchestrations", dict(company, company_name=f"Ledgerly {name} {index}"), token)
        assert status == 202, (status, body)
        jobs.append(body["job_id"])
    watchers = [Watcher(job, token) for job in jobs]
    for watcher in watchers:
        watcher.start()
    time.sleep(1.5)  # the runs are mid-flight
    outage_seen = inject()
    recovered = wait_ready(90)
    token = sign_in()
    deadline = time.time() + 180
    finals = {}
    while time.time() < deadline and len(finals) < len(jobs):
        for job in jobs:
            status, body = call("GET", f"/api/orchestrations/{job}", token=token)
            if status == 200 and body["job"]["status"] in ("succeeded", "partially_succeeded", "failed", "cancelled"):
                finals[job] = body["job"]
        time.sleep(0.5)
    for watcher in watchers:
        watcher.join(timeout=60)
    database = sqlite3.connect(os.path.join(data, "orchestrator", "orchestrator.sqlite"))
    double = database.execute(
        "SELECT COUNT(*) FROM (SELECT job_id, task_id FROM ledger_entries WHERE kind = 2 GROUP BY job_id, task_id HAVING COUNT(*) > 1)").fetchone()[0]
    database.close()
    invariant = all(job["budget"]["reserved_cents"] == 0 and job["budget"]["spent_cents"] <= job["budget"]["allocated_cents"] <= job["budget"]["total_cents"]
                    and sum(task["budget_used_cents"] for task in job["tasks"]) == job["budget"]["spent_cents"] for job in finals.values())
    seqs_once = all(w.seqs == list(range(1, (finals.get(w.job_id, {}).get("last_seq") or 0) + 1)) for w in watchers)
    outcome = {
        "runs ended": len(finals) == len(jobs),
        "runs succeeded": sum(1 for job in finals.values() if job["status"] == "succeeded") == len(jobs),
        "no task settled twice": double == 0,
        "budget invariant": invariant,
        "every seq once": seqs_once,
        "outage reported": outage_seen,
        "recovered": recovered,
    }
    reconnects = sum(w.reconnects for w in watchers)
    return outcome, reconnects


def restart(name, pause=2.0):
    def inject():
        kill(name)
        seen = False
        deadline = time.time() + pause
        while time.time() < deadline:
            seen = seen or call("GET", "/health/ready")[0] in (0, 503)
            time.sleep(0.2)
        start(name)
        return seen or name == "edge"
    return inject


def auth_paused():
    kill("auth", signal.SIGTERM)
    seen = False
    for _ in range(25):
        seen = seen or call("GET", "/health/ready")[0] == 503
        time.sleep(0.2)
    start("auth")
    return seen


faults = [("SIGKILL orchestrator, restart", restart("orchestrator")),
          ("SIGKILL agents (drops orchestrator-agent calls), restart", restart("agents")),
          ("SIGKILL edge, restart", restart("edge")),
          ("SIGKILL auth, restart", restart("auth")),
          ("stop auth for 5 s during runs", auth_paused)]
passed = failed = 0
rows = []
try:
    for name, inject in faults:
        outcome, reconnects = scenario(name.split(",")[0].replace(" ", "-"), inject)
        for check, ok in outcome.items():
            passed, failed = passed + ok, failed + (not ok)
        rows.append((name, outcome, reconnects))
finally:
    for name in list(processes):
        try:
            kill(name, signal.SIGTERM)
        except Exception:
            pass

columns = list(rows[0][1].keys()) if rows else []
print("fault-injection: | fault | " + " | ".join(columns) + " | watcher reconnects |")
print("fault-injection: |---|" + "---|" * len(columns) + "---:|")
for name, outcome, reconnects in rows:
    print("fault-injection: | " + name + " | " + " | ".join("yes" if outcome[c] else "**NO**" for c in columns) + f" | {reconnects} |")
print(f"fault-injection: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
