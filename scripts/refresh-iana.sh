#!/bin/sh
# Downloads again IANA's IPv4 and IPv6 Special-Purpose Address Registries (CSV) into
# test/fixtures/iana/ (see its README.md for their terms):
#   scripts/refresh-iana.sh
# Needs the network (www.iana.org); nothing in the build or the tests runs it. Afterwards run
# npm test (test/kube/egress-blocklist.test.ts fails on a new block the egress blocklist in
# lib/kube/egress-blocklist.ts does not cover) and review every diff.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=https://www.iana.org/assignments
dir="$ROOT/test/fixtures/iana"
mkdir -p "$dir"

get() { # get URL FILE: download to FILE, replacing it only when the download is complete
  curl -fsSL "$1" -o "$2.part" && mv "$2.part" "$2"
}

for family in ipv4 ipv6; do
  get "$BASE/iana-$family-special-registry/iana-$family-special-registry-1.csv" "$dir/iana-$family-special-registry-1.csv"
done
echo "refreshed: IANA IPv4 and IPv6 special-purpose address registries in test/fixtures/iana/"
