// Helper of `npm run bench` (not timed): writes the objects a config renders to as JSON, the
// input of the floor (bench/floor.js). Usage: node bench/objects.js CONFIG OUT.json
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadEnvironments } = require(join(__dirname, '..', 'build', 'lib', 'config', 'environments'));
const { renderObjects } = require(join(__dirname, '..', 'build', 'lib', 'output', 'render'));

const [environment] = loadEnvironments([process.argv[2]], {});
writeFileSync(process.argv[3], JSON.stringify(renderObjects(environment.settings)));
