"""Fault injection against the real stack, as separate processes.

For each fault: start runs (with paced agents, so they are mid-flight), watch each over
the WebSocket, inject the fault (SIGKILL a service and restart it, reset or silence the
orchestrator's connections to the agents mid-call, or stop AuthService for a while),
then check the promises: every run ends (none lost or stuck), no task is
settled twice in the ledger, the budget invariant holds, every watcher received every
seq once, and readiness reported the outage and recovered. Prints a table and
"fault-injection: N passed, N failed".
"""
import argparse, json, os, random, signal, socket, sqlite3, ssl, struct, subprocess, sys, threading, time, urllib.request

import websocket  # websocket-client

parser = argparse.ArgumentParser()
parser.add_argument("--ceo", required=True)
parser.add_argument("--work", required=True)
parser.add_argument("--runs", type=int, default=4)
parser.add_argument("--only", help="run only the faults whose name contains this text")
args = parser.parse_args()

data = os.path.join(args.work, "data")
base = random.randrange(20000, 29000, 20)
ports = {"auth": base, "agents": base + 1, "orchestrator": base + 2, "edge": base + 3}
https = base + 10
environment = dict(os.environ,
    CEO_AUTH_ENDPOINTS=f"127.0.0.1:{ports['auth']}", CEO_AGENT_ENDPOINTS=f"127.0.0.1:{ports['agents']}",
    CEO_ORCHESTRATOR_ENDPOINTS=f"127.0.0.1:{ports['orchestrator']}", CEO_EDGE_HTTP_PORT=str(https),
    CEO_EDGE_METRICS_PORT="0", CEO_METRICS_PORT="0", CEO_AGENTS_PACE_MS="700", CEO_LOG_FORMAT="json",
    CEO_ORCHESTRATOR_TASK_TIMEOUT_SECONDS="20", CEO_RPC_KEEPALIVE_SECONDS="2", CEO_RPC_KEEPALIVE_TIMEOUT_SECONDS="2")
for policy in ["ANALYZE", "AGENT_EXECUTE", "LOGIN", "GENERAL", "CSP_REPORT"]:
    environment[f"CEO_EDGE_RATE_LIMIT_{policy}"] = "1000000/60"
environment["CEO_EDGE_RATE_LIMIT_BURST"] = "1000000/10"
processes = {}


class Relay(threading.Thread):
    """A TCP relay between the orchestrator and the agents. It passes the mutual-TLS bytes
    through untouched; drop() resets every connection through it (RST), as a network
    fault would, while both processes stay up."""
    def __init__(self, target_port):
        super().__init__(daemon=True)
        self.target_port, self.pairs, self.lock = target_port, [], threading.Lock()
        self.silenced = set()  # ids of pairs whose bytes are swallowed
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]

    def run(self):
        while True:
            client, _ = self.listener.accept()
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink, id(client)), daemon=True).start()

    def pump(self, source, sink, pair_id):
        try:
            while data := source.recv(65536):
                if pair_id not in self.silenced:
                    sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):  # a dropped pair has linger 0: close sends RST
            try:
                end.shutdown(socket.SHUT_RD)
                end.close()
            except OSError:
                pass

    def silence(self):
        """From now on, swallows the bytes of every open connection, both ways, and
        keeps the sockets open: the peers see a connection that goes quiet, with no
        reset and no close. New connections pass as usual."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
            self.silenced.update(id(client) for client, _ in pairs)
        return len(pairs)

    def drop(self):
        """Sets linger 0 on both sockets of every pair and wakes their pumps, which
        close them: both peers get a TCP reset. (Closing a socket another thread is
        blocked on would not reset it on Linux.)"""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                try:
                    end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    end.shutdown(socket.SHUT_RD)
                except OSError:
                    pass
        return len(pairs)


relay = Relay(ports["agents"])
relay.start()


def start(name):
    log = open(os.path.join(args.work, f"{name}.log"), "a")
    env = dict(environment, CEO_AGENT_ENDPOINTS=f"127.0.0.1:{relay.port}") if name == "orchestrator" else environment
    processes[name] = subprocess.Popen([args.ceo, name, "--data-dir", data, "--port", str(ports[name]), "--drain-seconds", "1"],
                                       env=env, stdout=subprocess.DEVNULL, stderr=log)


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
    for job in finals.values():  # why a run did not succeed, for the log
        if job["status"] != "succeeded":
            for task in job["tasks"]:
                if task.get("status") != "succeeded":
                    print(f"fault-injection:   {name}: {job.get('id', job.get('job_id'))} task {task.get('task_id')}: {task.get('status')}: {task.get('reason', '')}")
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


def connections_reset():
    """Resets the orchestrator's agent connections three times, a second apart, while
    agent calls are in flight; no process stops, so readiness has no outage to report."""
    dropped = 0
    for _ in range(3):
        dropped += relay.drop()
        time.sleep(1.0)
    assert dropped > 0, "no orchestrator-agent connection was open to reset"
    return None


def connections_silenced():
    """Silences the orchestrator's agent connections mid-call (no reset); the RPC
    keepalive (2 s + 2 s here) must close them so that the calls end UNAVAILABLE and
    are retried on new connections before their deadline."""
    assert relay.silence() > 0, "no orchestrator-agent connection was open to silence"
    time.sleep(6.0)
    return None


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
          ("reset orchestrator-agent connections mid-call, 3 times", connections_reset),
          ("silence orchestrator-agent connections mid-call (no reset)", connections_silenced),
          ("SIGKILL edge, restart", restart("edge")),
          ("SIGKILL auth, restart", restart("auth")),
          ("stop auth for 5 s during runs", auth_paused)]
passed = failed = 0
rows = []
try:
    for name, inject in [fault for fault in faults if args.only is None or args.only in fault[0]]:
        outcome, reconnects = scenario(name.split(",")[0].replace(" ", "-"), inject)
        for check, ok in outcome.items():
            if ok is not None:  # None: the check does not apply to this fault
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
    print("fault-injection: | " + name + " | " + " | ".join("n/a" if outcome[c] is None else "yes" if outcome[c] else "**NO**" for c in columns) + f" | {reconnects} |")
print(f"fault-injection: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
