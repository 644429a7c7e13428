/**
 * A small inquiry world for unit tests: real ExecutionService on the memory store, real
 * InquirerRunner and InquiryService, a real datastore key, and a ManualClock.
 */
import { InquirerRunner } from '../../../src/actions/runners/inquirer.js';
import { DatastoreCrypto } from '../../../src/datastore/crypto.js';
import { ExecutionService } from '../../../src/executions/execution-service.js';
import { InquiryService, type InquiryEvent } from '../../../src/inquiries/inquiry-service.js';
import type { RolesOf } from '../../../src/inquiries/permissions.js';
import type { Execution } from '../../../src/model/index.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { silentLogger } from '../../../src/util/logger.js';
import { makeRequest, makeServices, type RecordedTrigger } from '../runners/helpers.js';

export const MINUTE = 60_000;

export interface InquiryWorld {
  clock: ManualClock;
  store: MemoryStore;
  executions: ExecutionService;
  inquiries: InquiryService;
  crypto: DatastoreCrypto;
  events: InquiryEvent[];
  triggers: RecordedTrigger[];
  /** Starts a `core.ask`-like execution and runs the inquirer runner on it; returns the execution after the runner. */
  ask(parameters?: Record<string, unknown>, options?: { parent?: string }): Promise<Execution>;
  /** Creates a plain (non-inquiry) execution. */
  other(): Execution;
}

export function inquiryWorld(options: { rolesOf?: RolesOf; start?: boolean } = {}): InquiryWorld {
  const clock = new ManualClock();
  const store = new MemoryStore();
  const executions = new ExecutionService({ store, clock, retention: 1000 });
  const crypto = new DatastoreCrypto(DatastoreCrypto.generateKey());
  const inquiries = new InquiryService({ executions, store, clock, crypto, logger: silentLogger, ...(options.rolesOf ? { rolesOf: options.rolesOf } : {}) });
  if (options.start !== false) inquiries.start();
  const events: InquiryEvent[] = [];
  inquiries.on((e) => events.push(e));
  const triggers: RecordedTrigger[] = [];
  const runner = new InquirerRunner();
  const action = { ref: 'core.ask', pack: 'core', name: 'ask', runner_type: 'inquirer', enabled: true, entry_point: '', parameters: {}, source: { file: 'ask.yaml' }, pack_path: '/nonexistent' };
  return {
    clock,
    store,
    executions,
    inquiries,
    crypto,
    events,
    triggers,
    async ask(parameters = {}, opts = {}) {
      const request = makeRequest(runner, action, parameters, { services: makeServices(triggers) });
      const execution = executions.create({ action: { ref: action.ref, runner_type: 'inquirer', pack: 'core', name: 'ask' }, parameters: request.parameters, context: { user: 'stanley' }, ...(opts.parent ? { parent: opts.parent } : {}) });
      executions.transition(execution.id, 'scheduled');
      executions.transition(execution.id, 'running');
      const outcome = await runner.run({ ...request, execution });
      return executions.transition(execution.id, outcome.status, { result: outcome.result });
    },
    other() {
      return executions.create({ action: { ref: 'core.noop', runner_type: 'noop', pack: 'core', name: 'noop' }, parameters: {}, context: { user: 'stanley' } });
    },
  };
}
