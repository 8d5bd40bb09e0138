// The floor of `npm run bench`: a Node process that only writes already-built objects (JSON) as
// YAML with the same fast serializer synth uses, and does nothing else.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { dump } = require('js-yaml');

const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
writeFileSync(process.argv[3], objects.map((object) => dump(object, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n'));
