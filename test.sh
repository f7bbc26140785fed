#!/usr/bin/env bash
# Runs every test of WebTcpChat. First installs, only if missing, what the tests need on a fresh
# Debian machine, so that it can run again and again (and in CI) with the same result.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v python3 >/dev/null || missing+=(python3)             # runs the tutorial's own client
command -v redis-server >/dev/null || missing+=(redis-server)   # scale-out tests start their own
command -v npm >/dev/null || missing+=(nodejs npm)              # the build fetches the page's SignalR client
command -v ss >/dev/null || missing+=(iproute2)                  # shows the keepalive timer of the server's sockets
[ -x /usr/bin/chromium ] || missing+=(chromium)                 # the browser tests drive Debian's Chromium
# Korean text and emoji in the browser tests' screenshots: glyphs, not boxes.
for font in fonts-noto-cjk fonts-noto-color-emoji; do
  dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q "ok installed" || missing+=("$font")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The whole solution first: `dotnet test` builds only the test projects and what they reference,
# and the benchmarks (never run here) must still compile.
dotnet build WebTcpChat.sln --configuration Release --nologo
dotnet test WebTcpChat.sln --configuration Release "$@"
