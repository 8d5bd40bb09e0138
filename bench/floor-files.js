// The per-object floor of `npm run bench`: one Node process that only reads already-built objects
// (JSON) and writes each as its own YAML file, `<folder>/<kind>-<name>.yaml` as the per-object
// layout names them, with the serializer synth uses (toYaml) and the plain calls a file needs
// (open, write, close), and does nothing else: no config, no staging, no flush, no manifest. What
// it takes beyond bench/floor.js (the same objects as one file) is the file system's price of
// creating one file per object, which no writer of this layout avoids.
// Usage: node bench/floor-files.js OBJECTS.json FOLDER
'use strict';
const { closeSync, mkdirSync, openSync, readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');
const { toYaml } = require(join(__dirname, '..', 'build', 'lib', 'output', 'yaml'));

const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const folder = process.argv[3];
mkdirSync(folder, { recursive: true });
for (const object of objects) {
  const fd = openSync(join(folder, `${object.kind.toLowerCase()}-${object.metadata.name}.yaml`), 'wx');
  writeSync(fd, toYaml([object]));
  closeSync(fd);
}
