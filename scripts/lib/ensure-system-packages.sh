# Sourced by scripts/run.sh and scripts/test.sh: installs the Debian packages the
# build and tests need, only those that are absent (apt-get update runs once, and only
# when something is missing).
ceo_system_packages=(libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libssl-dev libsqlite3-dev pkg-config gcc python3)

ensure_system_packages() {
  local missing=() pkg
  for pkg in "${ceo_system_packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "installing missing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v swift >/dev/null || { echo "swift (6.x) is not on PATH; install the Swift toolchain first" >&2; exit 1; }
}
