import type { ParameterSpec } from '../../model/index.js';
import type { Runner, RunOutcome } from './runner.js';
import { declaredParameters } from './runner-spec.js';

/** `noop`: succeeds at once with StackStorm's fixed result. */
export class NoopRunner implements Runner {
  readonly name = 'noop';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('noop');

  async run(): Promise<RunOutcome> {
    return { status: 'succeeded', result: { failed: false, succeeded: true, return_code: 0 } };
  }
}
