#!/usr/bin/env node
// `npx cdk8s` in this project runs this file (npx prefers the project's own bin): it turns off the
// cdk8s CLI's npm upgrade check, which fails offline and prints an error on every run, then hands
// over to the cdk8s CLI.
'use strict';
process.env.CDK8S_CHECK_UPGRADE = process.env.CDK8S_CHECK_UPGRADE || 'false';
const path = require('node:path');
// cdk8s-cli's exports hide its bin, so resolve it from its package.json.
require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s'));
