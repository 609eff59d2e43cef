#!/usr/bin/env bash
# Regenerates src/main/resources/io/porthunter/intel/ip-asn-country.bin.gz from the npm packages
# @ip-location-db/asn (CC BY 4.0) and @ip-location-db/geo-whois-asn-country (CC0; NRO data CC BY 4.0).
# Needs npm, tar, Maven and a JDK. Pin versions with ASN_VERSION / COUNTRY_VERSION (default: latest).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/src/main/resources/io/porthunter/intel/ip-asn-country.bin.gz"
asn_pkg="@ip-location-db/asn@${ASN_VERSION:-latest}"
country_pkg="@ip-location-db/geo-whois-asn-country@${COUNTRY_VERSION:-latest}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() { # $1 package spec, $2 target folder
  local tgz
  tgz="$(cd "$work" && npm pack --silent "$1" | tail -n 1)"
  mkdir -p "$work/$2"
  tar -xzf "$work/$tgz" -C "$work/$2" --strip-components=1
}

echo "fetching $asn_pkg and $country_pkg" >&2
unpack "$asn_pkg" asn
unpack "$country_pkg" country
note="@ip-location-db/asn $(node -p "require('$work/asn/package.json').version"); @ip-location-db/geo-whois-asn-country $(node -p "require('$work/country/package.json').version")"

cd "$repo"
mvn -q test-compile
java -Xmx2g -cp target/classes:target/test-classes io.porthunter.intel.EmbeddedDbBuilder \
  "$work/asn" "$work/country" "$out" "$note"
echo "embedded data now: $note" >&2
