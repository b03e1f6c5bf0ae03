#!/usr/bin/env bash
# The deployment files, checked offline: the compose file with docker-compose's own
# validator (`config`), the Kubernetes manifests against the API's schemas
# (kubernetes-validate, strict: no unknown field), and the image recipe builds the
# product's `ceo` binary. Both validators are installed when missing, and each must
# also reject a broken file, so the check cannot pass by checking nothing.
# Prints "deployment-files: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/lib/ensure-system-packages.sh"
ensure_system_packages docker-compose python3-pip
command -v kubernetes-validate >/dev/null || python3 -m pip install -q kubernetes-validate
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "deployment-files: FAIL: $*"; fi; }
fails() { ! "$@" >/dev/null 2>&1; }

# Compose: valid as committed, invalid with an unknown service key.
mkdir -p "$work/compose/secrets" && cp "$root/compose/compose.yaml" "$work/compose/"
check docker-compose -f "$work/compose/compose.yaml" --project-directory "$work/compose" config -q
sed 's/^  agents:$/  agents:\n    replicaz: 3/' "$root/compose/compose.yaml" > "$work/compose/broken.yaml"
check fails docker-compose -f "$work/compose/broken.yaml" --project-directory "$work/compose" config -q

# No service is given the CA's key: only the pki job mounts the CA volume, each service
# its own TLS folder; a compose file that hands the edge the CA volume is caught.
check python3 "$root/Tests/Interop/check-ca-key-separation.py" "$root"
sed 's#volumes: \["edge-tls:/tls:ro"\]#volumes: ["edge-tls:/tls:ro", "pki-ca:/pki-ca:ro"]#' "$root/compose/compose.yaml" > "$work/compose/leaky.yaml"
check fails python3 "$root/Tests/Interop/check-ca-key-separation.py" "$root" "$work/compose/leaky.yaml"

# Kubernetes: every manifest valid against the schemas of 1.30; a misspelt field is refused.
check kubernetes-validate --quiet --strict -k 1.30.0 "$root"/compose/kubernetes/*.yaml "$root"/compose/kubernetes/scaled/*.yaml
# The scaled-out layout: AuthService and the Orchestrator as Deployments with autoscalers,
# their database URLs from files, and only they may reach the database.
for service in auth orchestrator; do
  check grep -q "kind: Deployment" "$root/compose/kubernetes/scaled/"*"-$service.yaml"
  check grep -q "kind: HorizontalPodAutoscaler" "$root/compose/kubernetes/scaled/"*"-$service.yaml"
  check grep -q "DATABASE_URL_FILE" "$root/compose/kubernetes/scaled/"*"-$service.yaml"
done
check grep -q "port: 5432" "$root/compose/kubernetes/scaled/35-database-access.yaml"
# Compose: PostgreSQL, and two replicas of AuthService and of the Orchestrator on it.
check python3 -c 'import sys, yaml; c = yaml.safe_load(open(sys.argv[1]))["services"]; assert "postgres" in c; assert all(c[s]["deploy"]["replicas"] >= 2 and any("DATABASE_URL" in k for k in c[s]["environment"]) for s in ("auth", "orchestrator"))' "$root/compose/compose.yaml"
sed 's/replicas: 3/replica: 3/' "$root/compose/kubernetes/40-agents.yaml" > "$work/broken.yaml"
check fails kubernetes-validate --quiet --strict -k 1.30.0 "$work/broken.yaml"
# The network policies name the services' real ports.
for port in 7101 7102 7103 8443; do check grep -q "port: $port" "$root/compose/kubernetes/60-network-policies.yaml"; done

# The image recipe builds the product's one binary, and runs it as a non-root user.
check grep -q -- "swift build -c release --product ceo" "$root/compose/Containerfile"
check grep -q '^ENTRYPOINT \["/usr/local/bin/ceo"\]' "$root/compose/Containerfile"
check grep -q '^USER ceo' "$root/compose/Containerfile"
# The runtime image has the shared libraries the statically linked binary still needs.
for library in libsqlite3-0 libcurl4 ca-certificates; do check grep -q "install -y -qq .*$library" "$root/compose/Containerfile"; done

echo "deployment-files: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
