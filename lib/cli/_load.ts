import { showFile } from '../config/errors';
import { inertText } from '../config/inert';
import { LoadedEnvironment, loadEnvironments } from '../config/environments';
import { configWarnings } from '../config/warnings';
import { boundHeapGrowth } from './_heap-growth';
import { CliIo } from './io';

/** Loads every config and prints its warnings on stderr; bounds the heap's growth for a large run. */
export function loadWithWarnings(configs: readonly string[], io: CliIo): LoadedEnvironment[] {
  boundHeapGrowth(configs);
  const environments = loadEnvironments(configs, io.env);
  for (const { file, config } of environments) {
    for (const warning of configWarnings(config)) io.stderr(`${showFile(file)}: warning: ${inertText(warning)}\n`);
  }
  return environments;
}
