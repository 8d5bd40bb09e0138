import { CommandSpec } from './command';
import { planCommand } from './plan';
import { preflightCommand } from './preflight';
import { schemaCommand } from './schema';
import { smokeCommand } from './smoke';
import { synthCommand } from './synth';
import { validateCommand } from './validate';
import { verifyCommand } from './verify';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [synthCommand, validateCommand, planCommand, preflightCommand, smokeCommand, verifyCommand, schemaCommand];
