#!/usr/bin/env node
// Regenerates the README's generated parts (the CLI help block and the configuration reference
// tables) from the built code: `npm run docs`. A test fails when the README drifts from them.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { replaceBetweenMarkers } = require('../build/lib/config/docs');
const { readmeSections } = require('../build/lib/cli/readme');

const file = join(__dirname, '..', 'README.md');
let readme = readFileSync(file, 'utf8');
for (const [name, content] of readmeSections()) readme = replaceBetweenMarkers(readme, name, content);
writeFileSync(file, readme);
