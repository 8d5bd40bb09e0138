// The floor of `npm run bench`: one Node process that only reads already-built objects (JSON) and
// writes them as one YAML file with the serializer synth uses (build/lib/output/yaml.js, toYaml),
// and does nothing else: no config, no validation, no constructs.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { toYaml } = require(join(__dirname, '..', 'build', 'lib', 'output', 'yaml'));

const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
writeFileSync(process.argv[3], toYaml(objects));
