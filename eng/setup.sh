#!/usr/bin/env bash
# Installs what TokenJourney needs beyond the .NET SDK: Redis, RabbitMQ and Chromium from Debian.
# Idempotent: a machine that already has them is left as it is.
set -euo pipefail

packages=(redis-server rabbitmq-server chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: ${packages[*]} already installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A systemd host starts the packaged daemons on their default ports; ours run as isolated processes.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now redis-server rabbitmq-server epmd.socket 2>/dev/null || true
fi
echo "setup: done"
