// The openhands-k8s entry point: only wires the command line to the CLI.
import { run } from './lib/cli';

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
