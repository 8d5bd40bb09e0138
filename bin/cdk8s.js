#!/usr/bin/env node
// `npx cdk8s` in this project runs this file (npx prefers the project's own bin): it turns off the
// cdk8s CLI's npm upgrade check, which fails offline and prints an error on every run, checks what
// `synth --format helm` needs before the cdk8s CLI deletes its output folder, then hands over to
// the cdk8s CLI, whose errors are shown as one line (they are usage errors, not bugs).
'use strict';
process.env.CDK8S_CHECK_UPGRADE = process.env.CDK8S_CHECK_UPGRADE || 'false';
const path = require('node:path');

/** The value of `--name X` or `--name=X` (the cdk8s CLI also reads CDK8S_<NAME>). */
function option(args, name, envName) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1] === undefined || args[i + 1].startsWith('-') ? '' : args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return process.env[envName];
}

// SemVer 2.0.0, as Helm requires of a chart's version.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const args = process.argv.slice(2);
if ((args[0] === 'synth' || args[0] === 'synthesize') && option(args, 'format', 'CDK8S_FORMAT') === 'helm') {
  const version = option(args, 'chart-version', 'CDK8S_CHART_VERSION');
  const problem = !version ? 'needs --chart-version, the version of the chart it builds'
    : !SEMVER.test(version) ? `needs a --chart-version that is a SemVer version such as 1.0.0, not ${JSON.stringify(version)}` : undefined;
  if (problem) {
    process.stderr.write(`cdk8s synth --format helm ${problem}: npx cdk8s synth --format helm --chart-version 1.0.0\n`);
    process.exit(2);
  }
}
// The cdk8s CLI prints a failure as the error's stack: its errors are the user's (a bad option,
// a failed app, whose own message is above), so the message alone is shown.
const consoleError = console.error;
const message = (part) => (part instanceof Error ? `Error: ${part.message}` : typeof part === 'string' ? part.replace(/\n {4}at [\s\S]*$/, '') : part);
console.error = (...parts) => consoleError(...parts.map(message));
// cdk8s-cli's exports hide its bin, so resolve it from its package.json.
let cli;
try {
  cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
} catch {
  process.stderr.write('cdk8s: the cdk8s CLI is not installed here: npm install --save-dev cdk8s-cli\n');
  process.exit(2);
}
require(cli);
