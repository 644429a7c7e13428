import { errorMessage } from '../errors/index.js';
import type { ActionMeta, Execution, NotifySubSection, Params } from '../model/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { Logger } from '../util/logger.js';

export interface NotifierDeps {
  executions: ExecutionService;
  renderer: TemplateRenderer;
  logger: Logger;
  action(ref: string): ActionMeta | undefined;
  dispatch(trigger: string, payload: Params): void;
  /** Completed statuses for which `core.st2.generic.actiontrigger` is emitted. */
  actionTriggerStatuses: readonly string[];
}

const FAILURE = ['failed', 'timeout', 'abandoned'];

/**
 * On completion of an execution: emits `core.st2.generic.actiontrigger`, and one
 * `core.st2.generic.notifytrigger` per route of the action's (or the execution's) `notify`
 * section, as st2notifier does. Rules deliver those wherever they like (chat, mail, ...).
 */
export class ExecutionNotifier {
  readonly #deps: NotifierDeps;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
    deps.executions.on((event) => {
      if (event.type !== 'status') return;
      const status = event.execution.status;
      if (deps.actionTriggerStatuses.includes(status)) this.#actionTrigger(event.execution);
      if (['succeeded', 'failed', 'timeout', 'abandoned', 'canceled'].includes(status)) this.#notify(event.execution);
    });
  }

  #actionTrigger(e: Execution): void {
    this.#deps.dispatch('core.st2.generic.actiontrigger', {
      execution_id: e.id,
      status: e.status,
      start_timestamp: e.start_timestamp,
      action_name: e.action.name,
      action_ref: e.action.ref,
      runner_ref: e.action.runner_type,
      parameters: e.parameters,
      result: e.result ?? null,
    });
  }

  #notify(e: Execution): void {
    const spec = (e.context.notify as ActionMeta['notify'] | undefined) ?? this.#deps.action(e.action.ref)?.notify;
    if (!spec) return;
    const sections: [string, NotifySubSection | undefined][] = [
      ['on-complete', spec['on-complete']],
      ['on-success', e.status === 'succeeded' ? spec['on-success'] : undefined],
      ['on-failure', FAILURE.includes(e.status) ? spec['on-failure'] : undefined],
    ];
    for (const [name, section] of sections) {
      if (!section) continue;
      const verb = name === 'on-success' ? 'succeeded' : name === 'on-failure' ? 'failed' : 'completed';
      const context = {
        action_parameters: e.parameters,
        action_context: e.context,
        action_results: e.result ?? null,
        execution: e,
        st2kv: this.#deps.renderer.kvContext(),
      };
      let message = `Action ${e.action.ref} ${verb}.`;
      let data: Params = {};
      try {
        if (section.message) message = this.#deps.renderer.render(section.message, context);
        data = renderDeep(section.data ?? {}, (t) => this.#deps.renderer.render(t, context)) as Params;
      } catch (err) {
        this.#deps.logger.warn('notification could not be rendered', { execution_id: e.id, section: name, error: errorMessage(err) });
      }
      for (const route of [...(section.routes ?? []), ...(section.channels ?? [])]) {
        this.#deps.dispatch('core.st2.generic.notifytrigger', {
          execution_id: e.id,
          status: e.status,
          start_timestamp: e.start_timestamp,
          end_timestamp: e.end_timestamp ?? null,
          action_ref: e.action.ref,
          runner_ref: e.action.runner_type,
          route,
          channel: route,
          message,
          data: { ...data, result: JSON.stringify(e.result ?? null) },
        });
      }
    }
  }
}

function renderDeep(value: unknown, render: (t: string) => string): unknown {
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, render));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, render)]));
  return value;
}
