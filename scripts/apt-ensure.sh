#!/usr/bin/env bash
# Install the Debian packages given after the apt command, but only those that are missing.
set -euo pipefail
apt="$1"; shift
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Systeempakketten installeren: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$apt update -qq
$apt install -y -qq --no-install-recommends "${missing[@]}"
