"""No service of the deployment files is given the CA's key.

Compose: only the `pki` job mounts the CA volume; every other service mounts exactly one
TLS volume, its own (`<service>-tls`), read-only, and its --tls-* arguments point into it.
Kubernetes: each workload mounts only its own `ceo-<service>-tls` Secret (plus the shared
`ceo-secrets`, the database URLs `ceo-database` and, for the edge, its public
certificate), and no manifest names a CA key. The scaled-out manifests are checked too.
Prints one line per problem; exits 1 when there is any.
"""
import pathlib
import sys

import yaml

root = pathlib.Path(sys.argv[1])
compose_file = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "compose" / "compose.yaml"
problems = []

compose = yaml.safe_load(compose_file.read_text())
services = compose["services"]
for name, service in services.items():
    volumes = [v.split(":") for v in service.get("volumes", [])]
    sources = [v[0] for v in volumes]
    if name == "pki":
        if "pki-ca" not in sources:
            problems.append("compose: the pki job does not keep the CA in the pki-ca volume")
        continue
    if "pki-ca" in sources:
        problems.append(f"compose: {name} mounts the CA volume pki-ca")
    tls = [v for v in volumes if v[0].endswith("-tls") or v[0] == "pki"]
    if [v[0] for v in tls] != [f"{name}-tls"]:
        problems.append(f"compose: {name} mounts {[v[0] for v in tls]}, not only its own {name}-tls")
        continue
    target = tls[0][1]
    if len(tls[0]) < 3 or tls[0][2] != "ro":
        problems.append(f"compose: {name} mounts {name}-tls writable")
    if name == "postgres":
        # The database server: its own certificate and key, read by its entrypoint.
        entrypoint = " ".join(service.get("entrypoint", []))
        if f"{target}/key.pem" not in entrypoint or f"{target}/cert.pem" not in entrypoint:
            problems.append(f"compose: postgres does not take its certificate from its own TLS volume {target}")
        continue
    arguments = service.get("command", [])
    for option in ("--tls-cert", "--tls-key", "--tls-ca"):
        if option not in arguments or not arguments[arguments.index(option) + 1].startswith(target + "/"):
            problems.append(f"compose: {name}'s {option} does not point into its own TLS volume {target}")

allowed_shared = {"ceo-secrets", "ceo-edge-public-tls", "ceo-database"}
for manifest in sorted((root / "compose" / "kubernetes").glob("**/*.yaml")):
    text = manifest.read_text()
    if "ca.key" in text or "ca-key" in text:
        problems.append(f"kubernetes: {manifest.name} names a CA key")
    for document in yaml.safe_load_all(text):
        if not document or document.get("kind") not in ("Deployment", "StatefulSet"):
            continue
        name = document["metadata"]["name"].removeprefix("ceo-")
        for volume in document["spec"]["template"]["spec"].get("volumes", []):
            secret = volume.get("secret", {}).get("secretName")
            if secret and secret != f"ceo-{name}-tls" and secret not in allowed_shared:
                problems.append(f"kubernetes: {name} mounts the Secret {secret}")
            if secret == "ceo-edge-public-tls" and name != "edge":
                problems.append(f"kubernetes: {name} mounts the edge's public certificate")
            if secret == "ceo-database" and name not in ("auth", "orchestrator"):
                problems.append(f"kubernetes: {name} mounts the database URLs")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
