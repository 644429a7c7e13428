import { SquallError } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { runnerParameters } from '../../packs/runner-parameters.js';

/**
 * The runner parameters of `name` from the shared runner table, so the runners and the pack
 * loader read the same declarations. A missing entry is a programming error, caught at start-up.
 */
export function declaredParameters(name: string): Record<string, ParameterSpec> {
  const parameters = runnerParameters(name);
  if (!parameters) throw new SquallError('INTERNAL', `runner ${name} is missing from the runner parameter table`);
  return parameters;
}
