#!/usr/bin/env node
// `npx cdk8s` in this project runs this file (npx prefers the project's own bin): it turns off the
// cdk8s CLI's npm upgrade check, which fails offline and prints an error on every run, then hands
// over to the cdk8s CLI.
'use strict';
process.env.CDK8S_CHECK_UPGRADE = process.env.CDK8S_CHECK_UPGRADE || 'false';
require('cdk8s-cli/bin/cdk8s');
