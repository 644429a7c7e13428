/**
 * `squall workflow rehearse -p BASE (-f SPEC | -d DIR) [--json]`: runs Orquesta rehearsal specs
 * (workflow test cases) against the conductor with mocked action executions, as
 * `orquesta-rehearse` does. SPEC and DIR are relative to BASE (as are the workflows the specs
 * name); pack authors keep theirs in `tests/` inside the pack: `-p packs/mypack -d tests`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SquallError, errorMessage, isSquallError } from '../errors/index.js';
import { JinjaRenderer } from '../expressions/jinja.js';
import { WORKFLOW_JINJA_FILTERS, createWorkflowExpressions } from '../expressions/workflow-expressions.js';
import { describeMismatches } from '../workflows/rehearse-compare.js';
import { rehearseFile, type RehearsalDeps, type RehearsalResult } from '../workflows/rehearse.js';
import type { CliEnv, CliIo, ParsedArgs } from './command.js';
import { json } from './format.js';

/** The usage text of `squall workflow rehearse`. */
export const WORKFLOW_REHEARSE_USAGE = [
  'Usage:',
  '  squall workflow rehearse -p BASE -f SPEC [--json]   run one rehearsal spec',
  '  squall workflow rehearse -p BASE -d DIR  [--json]   run every spec (*.yaml, *.yml) in a directory',
  '',
  'SPEC, DIR and the workflow each spec names are relative to BASE (--base-path).',
  'Long forms: --base-path, --test-spec, --test-spec-dir. Exits 1 when any spec does not pass.',
  'With --json, prints per spec the actual task sequence, routes, terminal tasks, status, errors and output.',
].join('\n');

function flag(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = args.flags[name];
    if (typeof value === 'string') return value;
    if (value === true) throw new SquallError('USAGE', `--${name} needs a value\n\n${WORKFLOW_REHEARSE_USAGE}`);
  }
  return undefined;
}

function under(base: string, target: string): string {
  return path.isAbsolute(target) ? target : path.join(base, target);
}

/** The spec files to run, sorted by name. */
function specFiles(base: string, spec: string | undefined, dir: string | undefined): string[] {
  if (spec !== undefined) {
    const file = under(base, spec);
    if (!existsSync(file) || !statSync(file).isFile()) throw new SquallError('USAGE', `The test spec "${file}" does not exist.`);
    return [file];
  }
  const folder = under(base, dir!);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new SquallError('USAGE', `The test spec directory "${folder}" does not exist.`);
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/i.test(name) && statSync(path.join(folder, name)).isFile())
    .sort()
    .map((name) => path.join(folder, name));
}

interface SpecReport {
  file: string;
  result?: RehearsalResult;
  error?: string;
}

function jsonReport(report: SpecReport, base: string): Record<string, unknown> {
  const file = path.relative(base, report.file);
  if (report.error !== undefined) return { file, passed: false, error: report.error };
  const r = report.result!;
  return {
    file,
    workflow: r.workflow,
    passed: r.passed,
    task_sequence: r.actual.task_sequence,
    routes: r.actual.routes,
    term_tasks: r.actual.term_tasks,
    workflow_status: r.actual.workflow_status,
    errors: r.actual.errors,
    output: r.actual.output,
    mismatches: r.mismatches,
  };
}

/** Runs the rehearsal verb; returns the exit code (0 when every spec passed). */
export async function workflowRehearse(args: ParsedArgs, io: CliIo, env: CliEnv): Promise<number> {
  if (args.flags.help) {
    io.out(WORKFLOW_REHEARSE_USAGE);
    return 0;
  }
  const baseFlag = flag(args, 'p', 'base-path');
  const spec = flag(args, 'f', 'test-spec');
  const dir = flag(args, 'd', 'test-spec-dir');
  if (baseFlag === undefined || (spec === undefined) === (dir === undefined)) {
    throw new SquallError('USAGE', `give -p BASE and exactly one of -f SPEC or -d DIR\n\n${WORKFLOW_REHEARSE_USAGE}`);
  }
  const base = path.resolve(env.cwd, baseFlag);
  if (!existsSync(base) || !statSync(base).isDirectory()) throw new SquallError('USAGE', `The base path "${base}" does not exist.`);
  const expressions = createWorkflowExpressions({ jinja: new JinjaRenderer({ filters: WORKFLOW_JINJA_FILTERS }) });
  const deps: RehearsalDeps = { expressions };
  const reports: SpecReport[] = specFiles(base, spec, dir).map((file) => {
    try {
      return { file, result: rehearseFile(file, base, deps) };
    } catch (err) {
      return { file, error: isSquallError(err) ? err.describe() : errorMessage(err) };
    }
  });
  const failed = reports.filter((r) => r.error !== undefined || !r.result!.passed).length;
  if (args.flags.json) {
    io.out(json(reports.map((r) => jsonReport(r, base))));
  } else {
    for (const report of reports) {
      const name = path.relative(base, report.file);
      if (report.error !== undefined) io.out(`ERROR ${name}\n${indent(report.error)}`);
      else if (report.result!.passed) io.out(`PASS  ${name}`);
      else io.out(`FAIL  ${name}\n${indent(describeMismatches(report.result!.mismatches))}`);
    }
    io.out(`${reports.length - failed} passed, ${failed} failed, ${reports.length} total`);
  }
  return failed > 0 ? 1 : 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
