import type { CliCommand } from './command.js';
import { runCommand } from './run.js';
import { executionCommand } from './execution.js';
import { actionCommand } from './action.js';
import { ruleCommand } from './rule.js';
import { aliasCommand } from './alias.js';
import { triggerCommand } from './trigger.js';
import { keyCommand } from './key.js';
import { packCommand } from './pack.js';
import { policyCommand } from './policy.js';
import { inquiryCommand } from './inquiry.js';
import { startCommand } from './start.js';
import { workflowCommand } from './workflow.js';

/** Every verb group of the `squall` command, in the order `squall --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  runCommand,
  executionCommand,
  workflowCommand,
  actionCommand,
  ruleCommand,
  aliasCommand,
  triggerCommand,
  policyCommand,
  keyCommand,
  packCommand,
  inquiryCommand,
];
