#!/bin/sh
# Regenerates the L1 classes of the custom resources openhands-k8s emits (see imports/README.md).
# Offline: each CRD is read from imports/crds/ (override with CRDS=...), reduced to the one
# version the project emits, and fed to `cdk8s import` one CRD per call.
set -e
CRDS=${CRDS:-$(cd "$(dirname "$0")/.." && pwd)/imports/crds}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# only_version IN OUT VERSION: a copy of the CRD with spec.versions reduced to VERSION.
only_version() {
  node -e '
    const YAML = require("yaml"); const fs = require("fs");
    const [input, output, version] = process.argv.slice(1);
    const crd = YAML.parse(fs.readFileSync(input, "utf8"));
    crd.spec.versions = crd.spec.versions.filter((v) => v.name === version);
    if (crd.spec.versions.length !== 1) throw new Error(`${input}: no version ${version}`);
    fs.writeFileSync(output, YAML.stringify(crd));
  ' "$1" "$2" "$3"
}
only_version "$CRDS/agent-sandbox-v1.0.0/extensions.agents.x-k8s.io_sandboxtemplates.yaml" "$TMP/sandboxtemplates.yaml" v1beta1
only_version "$CRDS/agent-sandbox-v1.0.0/extensions.agents.x-k8s.io_sandboxwarmpools.yaml" "$TMP/sandboxwarmpools.yaml" v1beta1
only_version "$CRDS/gateway-api-v1.5.1/gateway.networking.k8s.io_httproutes.yaml" "$TMP/httproutes.yaml" v1
only_version "$CRDS/gateway-api-v1.5.1/gateway.networking.k8s.io_referencegrants.yaml" "$TMP/referencegrants.yaml" v1
IMPORT="npx cdk8s import --no-check-upgrade --no-save --language typescript --output imports"
$IMPORT agent-sandbox-template:="$TMP/sandboxtemplates.yaml"
$IMPORT agent-sandbox-warmpool:="$TMP/sandboxwarmpools.yaml"
$IMPORT gateway-httproute:="$TMP/httproutes.yaml"
$IMPORT gateway-referencegrant:="$TMP/referencegrants.yaml"
