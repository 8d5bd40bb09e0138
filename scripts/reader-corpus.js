// Writes test/fixtures/readers/corpus.json: generated inputs for the differential test of the
// readers (lib/config/toml-compat.ts with smol-toml, python-literal.ts, pyyaml.ts) against
// Python's toml 0.10.2, ast.literal_eval and PyYAML. Deterministic (a fixed seed): run it, then
// scripts/python-answers.py, whenever the corpus should change.
//
// Usage: node scripts/reader-corpus.js
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

let seed = 22;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (items) => items[Math.floor(random() * items.length)];
const some = (make, max) => Array.from({ length: 1 + Math.floor(random() * max) }, make);

// TOML: the constructs issue 22 found toml 0.10.2 misreading, and their neighbours.
const bareKey = () => pick(['a', 'b', 'key', 'x-y', 'x_y', '1']);
const quotedKey = () => pick(['"a,b"', '"a=b"', "'a,b'", '"a.b"', '"a b"', '"a}b"', '"x"', "'y'", '"\\"q"']);
const basic = () => pick(['"x"', '"x,y"', '"\\"\\"x"', '"\\"\\""', '"\\""', '"\\"x"', '"x\\"\\""', '"\\u0022\\u0022 y"', '"a\\tb"', '"é"', '""', '"\\\\"', '"x]y"', '"x}y"']);
const literal = () => pick(["'x'", "'a,b'", "'\\\"\\\"x'", "''", "'x]'"]);
const multi = () => pick(['"""x"""', '"""x\ny"""', '"""x,\ny"""', '"""x,y\nz"""', '"""\nx"""', "'''x,\ny'''", "'''x'''", '"""a\\\n  b"""', '"""x "" y"""']);
const scalar = () => pick([basic, literal, () => pick(['1', '-2', '0', '3.5', 'true', 'false', '1e3'])])();
const value = (depth = 0) => {
  const kinds = [scalar, scalar, multi];
  if (depth < 2) kinds.push(() => `[${some(() => value(depth + 1), 3).join(pick([', ', ',', ' , ', ',\n  ']))}${pick(['', ','])}]`);
  if (depth < 2) kinds.push(() => `{${some(() => `${pick([bareKey, quotedKey])()} = ${value(depth + 1)}`, 3).join(', ')}}`);
  return pick(kinds)();
};
const tomlCase = () => {
  const lines = some(() => `${pick([bareKey, quotedKey, () => `${bareKey()}.${bareKey()}`])()} = ${value()}`, 3);
  const unique = [...new Map(lines.map((line) => [line.split(' = ')[0], line])).values()];
  return `${random() < 0.05 ? '\uFEFF' : ''}${unique.join('\n')}\n`;
};

// Python literals: SANDBOX_RUNTIME_STARTUP_ENV_VARS.
const prefix = () => pick(['', '', '', 'r', 'u', 'R', 'U', 'b', 'f', 'ur', 'ru', 'Ur', 'br', 'rb', 'uu', 'bu', 'Rb']);
const body = () => pick(['x', 'a b', '1', '\\n', '\\x41', '\\u00e9', '\\U0001F600', '\\ud800', '\\udc00', '\\ud83d\\ude00', '\\101', '\\q', "\\'", '\\\\', '']);
const pyString = () => {
  const quote = pick(["'", '"']);
  const text = body();
  return `${prefix()}${quote}${text}${quote}`;
};
const literalCase = () => {
  const entries = some(() => `${pick([pyString, pyString, pyString, () => pick(['1', 'None', 'True', 'A'])])()}: ${pick([pyString, pyString, pyString, () => pick(['1', 'None', 'True', '1.5'])])()}`, 3);
  return pick([`{${entries.join(', ')}}`, `{${entries.join(', ')},}`, ` {${entries.join(',\n ')}}`, `[${entries[0]}]`]);
};

// YAML: tolerations_yaml as PyYAML's safe_load reads it.
const yamlScalar = () => pick(['y', 'yes', 'No', 'on', '1e3', '1.0e3', '08', '017', '0o17', '0x1F', '1:30', '~', 'null', '', '"q"', "'s'", '.inf', '-.Inf', '.NaN', '3', '-0', '+12', '1_000', '0b101', 'Exists', 'NoSchedule', '=', '"\\x41"']);
const yamlCase = () => pick([
  () => `- ${some(() => `${pick(['key', 'operator', 'value', 'effect', 'toleration_seconds'])}: ${yamlScalar()}`, 3).join('\n  ')}`,
  () => `[${some(yamlScalar, 4).join(', ')}]`,
  () => `a: ${yamlScalar()}\nb: [${yamlScalar()}, ${yamlScalar()}]`,
  () => `- &x {key: ${yamlScalar()}}\n- <<: *x\n  value: ${yamlScalar()}`,
  () => `${random() < 0.3 ? '\uFEFF' : ''}- key: ${yamlScalar()}\n  key: ${yamlScalar()}`,
])();

const cases = [];
for (let index = 0; index < 400; index++) cases.push({ reader: 'toml', text: tomlCase() });
for (let index = 0; index < 300; index++) cases.push({ reader: 'literal', text: literalCase() });
for (let index = 0; index < 300; index++) cases.push({ reader: 'yaml', text: yamlCase() });
const unique = [...new Map(cases.map((item) => [`${item.reader}\u0000${item.text}`, item])).values()];
writeFileSync(join(__dirname, '..', 'test', 'fixtures', 'readers', 'corpus.json'), `${JSON.stringify(unique, null, 1)}\n`);
process.stdout.write(`${unique.length} cases\n`);
