# Shared set-up steps for scripts/run and scripts/test. Source it; do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UV_VERSION="0.13.9"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Install Debian packages that are missing; needs root or sudo.
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Create .venv and install the locked dependencies (uv.lock) into it.
ensure_python_env() {
  local groups=("$@")
  if [ ! -x .venv/bin/python ]; then
    log "Creating .venv with $(python3 --version)"
    python3 -m venv .venv
  fi
  if ! .venv/bin/uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
    .venv/bin/pip install -q "uv==$UV_VERSION"
  fi
  log "Installing locked Python dependencies"
  UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --frozen --inexact --quiet "${groups[@]}"
  export PATH="$ROOT/.venv/bin:$PATH"
}

compile_translations() {
  log "Compiling translations"
  python manage.py compilemessages --ignore=.venv --verbosity 0
}
