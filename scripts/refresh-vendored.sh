#!/bin/sh
# Downloads again the third-party files the project vendors (see imports/crds/README.md and
# test/fixtures/openhands-v1/README.md), for the versions given, into the repository:
#   scripts/refresh-vendored.sh [AGENT_SANDBOX_TAG] [GATEWAY_API_TAG] [OPENHANDS_SANDBOX_SERVER_REF]
# Needs the network (github.com); nothing in the build or the tests runs it. Afterwards: update the
# folder names in scripts/import-crds.sh and test/support/crd-schema.ts if a version changed, run
# scripts/import-crds.sh, npm test, and review every diff.
set -eu
AGENT_SANDBOX=${1:-v1.0.0}
GATEWAY_API=${2:-v1.5.1}
SANDBOX_SERVER=${3:-main}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RAW=https://raw.githubusercontent.com

get() { # get URL FILE: download to FILE, replacing it only when the download is complete
  curl -fsSL "$1" -o "$2.part" && mv "$2.part" "$2"
}

dir="$ROOT/imports/crds/agent-sandbox-$AGENT_SANDBOX"
mkdir -p "$dir"
for crd in agents.x-k8s.io_sandboxes extensions.agents.x-k8s.io_sandboxclaims \
  extensions.agents.x-k8s.io_sandboxtemplates extensions.agents.x-k8s.io_sandboxwarmpools; do
  get "$RAW/kubernetes-sigs/agent-sandbox/$AGENT_SANDBOX/k8s/crds/$crd.yaml" "$dir/$crd.yaml"
done
get "$RAW/kubernetes-sigs/agent-sandbox/$AGENT_SANDBOX/LICENSE" "$dir/LICENSE"

dir="$ROOT/imports/crds/gateway-api-$GATEWAY_API"
mkdir -p "$dir"
for crd in gateway.networking.k8s.io_gateways gateway.networking.k8s.io_httproutes gateway.networking.k8s.io_referencegrants; do
  get "$RAW/kubernetes-sigs/gateway-api/$GATEWAY_API/config/crd/standard/$crd.yaml" "$dir/$crd.yaml"
done
get "$RAW/kubernetes-sigs/gateway-api/$GATEWAY_API/LICENSE" "$dir/LICENSE"

dir="$ROOT/test/fixtures/openhands-v1"
for manifest in rbac sandboxtemplate sandboxwarmpool; do
  get "$RAW/OpenHands/sandbox-server/$SANDBOX_SERVER/deploy/kubernetes/$manifest.yaml" "$dir/$manifest.yaml"
done
get "$RAW/OpenHands/sandbox-server/$SANDBOX_SERVER/LICENSE" "$dir/LICENSE"
echo "refreshed: agent-sandbox $AGENT_SANDBOX, Gateway API $GATEWAY_API, sandbox-server $SANDBOX_SERVER"
