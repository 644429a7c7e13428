/**
 * The composition root: builds every service from a Config, wires them, and hands back the
 * running application. `main.ts`, the CLI and the tests all start Squall through `createApp`.
 * Only this file builds concrete classes.
 */
import path from 'node:path';
import { loadConfig, type Config } from './config/config.js';
import { errorMessage, type ErrorDetail } from './errors/index.js';
import { JsonLogger, silentLogger, type Logger } from './util/logger.js';
import { systemClock, type Clock } from './util/clock.js';
import { DirLock } from './util/dir-lock.js';
import type { Store } from './store/store.js';
import { LowdbStore } from './store/lowdb-store.js';
import { MemoryStore } from './store/memory-store.js';
import { DatastoreCrypto } from './datastore/crypto.js';
import { KvService } from './datastore/kv-service.js';
import type { KeyValueStore } from './datastore/key-value.js';
import { JinjaRenderer } from './expressions/jinja.js';
import type { TemplateRenderer } from './expressions/renderer.js';
import { ContentRegistry } from './packs/content-registry.js';
import { AliasRegistry } from './aliases/alias-registry.js';
import { AVAILABLE_RUNNERS } from './packs/runner-parameters.js';
import { TriggerTypeRegistry } from './triggers/trigger-type-registry.js';
import { InProcessTriggerBus } from './triggers/in-process-bus.js';
import type { TriggerBus } from './triggers/trigger-bus.js';
import { TriggerDispatcher } from './triggers/trigger-dispatcher.js';
import { RuleEngine } from './rules/rule-engine.js';
import { RuleEnforcer } from './rules/rule-enforcer.js';
import { RuleService } from './rules/rule-service.js';
import { ExecutionService } from './executions/execution-service.js';
import { InProcessExecutionQueue } from './executions/execution-queue.js';
import { ActionExecutor } from './actions/action-executor.js';
import { ParameterPipeline } from './actions/parameters/index.js';
import { createRunners } from './actions/runners/index.js';
import type { RunnerServices } from './actions/runners/runner.js';
import { PolicyEngine } from './policies/policy-engine.js';
import { ExecutionNotifier } from './notify/execution-notifier.js';
import { InquiryService } from './inquiries/inquiry-service.js';
import { isInquiryExecution } from './inquiries/inquiry.js';
import { createWorkflowExpressions, readNamedArgs, WORKFLOW_JINJA_FILTERS } from './expressions/workflow-expressions.js';
import { WorkflowEngine } from './workflows/engine.js';
import type { Params } from './model/index.js';

export interface App {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  readonly kv: KeyValueStore;
  readonly renderer: TemplateRenderer;
  readonly content: ContentRegistry;
  /** Action aliases: chat text → alias match → ActionRequest; help entries. Rebuilt on reload. */
  readonly aliases: AliasRegistry;
  readonly triggerTypes: TriggerTypeRegistry;
  readonly bus: TriggerBus;
  readonly triggers: TriggerDispatcher;
  readonly ruleEngine: RuleEngine;
  readonly rules: RuleService;
  readonly enforcer: RuleEnforcer;
  readonly executions: ExecutionService;
  readonly executor: ActionExecutor;
  readonly policies: PolicyEngine;
  /** Pending `inquirer` executions: list, respond, expiry. */
  readonly inquiries: InquiryService;
  /** Orquesta workflows: pause, resume, re-run from tasks, task views. */
  readonly workflows: WorkflowEngine;
  /** Problems found while loading content (packs, rules with unknown trigger types, policies). */
  readonly problems: readonly ErrorDetail[];
  /** Re-reads every pack and re-applies rules, policies and trigger types. */
  reload(): void;
  /** Records where the HTTP API listens, for actions (ST2_ACTION_API_URL); the port is known only after listen. */
  setApiAddress(host: string, port: number): void;
  /** Resolves when no trigger instance is waiting and no execution is queued or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface CreateAppOptions {
  /** The project directory: defaults (data, packs, aliases) are relative to it. */
  root: string;
  env?: Record<string, string | undefined>;
  /** Overrides applied after file and environment (tests use this). */
  overrides?: Parameters<typeof loadConfig>[2];
  clock?: Clock;
  logger?: Logger;
  /** No log output (the CLI prints its own). */
  quiet?: boolean;
}

/** Builds and starts the engine: store, key-value store, content, triggers, rules, executions, policies. */
export async function createApp(options: CreateAppOptions): Promise<App> {
  const config = loadConfig(options.root, options.env ?? {}, options.overrides ?? {});
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? (options.quiet ? silentLogger : new JsonLogger(undefined, config.log.level));

  const lock = config.store.backend === 'lowdb' ? DirLock.acquire(config.dataDir) : undefined;
  let store: Store;
  try {
    store =
      config.store.backend === 'memory'
        ? new MemoryStore()
        : await LowdbStore.open({ file: path.join(config.dataDir, 'squall.json'), coalesceMs: config.store.coalesceMs, logger: logger.child({ component: 'store' }), clock });
  } catch (err) {
    lock?.release();
    throw err;
  }

  const triggerTypes = new TriggerTypeRegistry();
  const bus = new InProcessTriggerBus(logger.child({ component: 'bus' }));
  const triggers = new TriggerDispatcher({ types: triggerTypes, bus, store, clock, retention: config.retention.triggerInstances });
  const dispatch = (trigger: string, payload: Params, traceTag?: string) => {
    try {
      triggers.dispatch(trigger, payload, traceTag ? { traceTag } : {});
    } catch (err) {
      logger.warn('trigger not dispatched', { trigger, error: errorMessage(err) });
    }
  };

  const kv = new KvService({
    store,
    crypto: DatastoreCrypto.fromKeyFile(config.keyFile, logger),
    clock,
    logger,
    onChange: (event) => {
      const ref = `core.st2.key_value_pair.${event.kind}`;
      dispatch(ref, event.kind === 'value_change' ? { old_object: event.old ?? null, new_object: event.item } : { object: event.item });
    },
  });
  const renderer = new JinjaRenderer({ kv });
  const content = new ContentRegistry();
  const aliases = new AliasRegistry({ content });

  // Held by reference: the server sets the API URL once it listens (port 0 is only known then).
  const services: RunnerServices = { dispatchTrigger: dispatch, kv, ...(config.http.enabled ? { apiUrl: apiUrl(config.http.host, config.http.port) } : {}) };
  const executions = new ExecutionService({ store, clock, retention: config.retention.executions });
  const queue = new InProcessExecutionQueue(config.executionConcurrency);
  // The engine runs tasks through the executor, which is built next with the engine's runner in it.
  const workflows = new WorkflowEngine({
    executions,
    store,
    clock,
    logger: logger.child({ component: 'workflows' }),
    launcher: { request: (r) => executor.request(r), cancel: (id) => executor.cancel(id), reRun: (id, o, c) => executor.reRun(id, o, c) },
    kv,
    expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({ kv, filters: WORKFLOW_JINJA_FILTERS }) }),
    namedArgs: readNamedArgs,
    actions: { action: (ref) => content.action(ref) },
    apiUrl: () => services.apiUrl,
    // A task sees an answered inquiry's response in clear, secrets included, as StackStorm's workflows do.
    clearResult: (e) => (isInquiryExecution(e) && e.status === 'succeeded' ? { ...(e.result as object), response: inquiries.clearResponse(e.id) } : e.result),
  });
  const runners = createRunners({ clock, logger: logger.child({ component: 'runners' }), baseEnv: config.actionEnv, packConfig: (pack) => content.packConfig(pack), workflows });
  const executor = new ActionExecutor({
    actions: { action: (ref) => content.action(ref), packConfig: (pack) => content.packConfig(pack) },
    runners,
    parameters: new ParameterPipeline({ renderer }),
    executions,
    queue,
    kv,
    logger: logger.child({ component: 'executor' }),
    systemUser: config.systemUser,
    services,
  });
  const policies = new PolicyEngine({ executions, clock, logger: logger.child({ component: 'policies' }) });
  executor.setPolicy(policies);
  policies.setActions({
    readmit: (id) => executor.readmit(id),
    retry: (execution, count) => {
      try {
        executor.reRun(execution.id, {}, { retry_count: count, source: 'policy-retry' });
      } catch (err) {
        logger.warn('retry refused', { execution_id: execution.id, error: errorMessage(err) });
      }
    },
  });
  new ExecutionNotifier({
    executions,
    renderer,
    logger: logger.child({ component: 'notifier' }),
    action: (ref) => content.action(ref),
    dispatch: (t, p) => dispatch(t, p),
    actionTriggerStatuses: config.actionTriggerStatuses,
  });

  const ruleEngine = new RuleEngine({ renderer, clock, logger: logger.child({ component: 'rules' }), systemUser: config.systemUser, packConfig: (pack) => content.packConfig(pack) });
  const rules = new RuleService({ store, apply: (enabled) => ruleEngine.setRules(enabled) });
  const enforcer = new RuleEnforcer({
    engine: ruleEngine,
    executor,
    store,
    clock,
    logger: logger.child({ component: 'rules' }),
    retention: config.retention.ruleEnforcements,
    onProcessed: (instance, failed) => triggers.markProcessed(instance, failed),
  });
  const unsubscribeRules = bus.subscribe((instance) => void enforcer.handle(instance));

  let problems: ErrorDetail[] = [];
  const reload = () => {
    content.loadAll(config.packsPaths, { aliasesDir: config.aliasesDir, configsDir: config.configsDir, availableRunners: new Set(AVAILABLE_RUNNERS.filter((r) => r in runners)) });
    problems = [...content.errors()];
    // Formats that cannot compile and aliases that can match the same command are reported, never fatal.
    for (const w of aliases.reload()) problems.push({ file: w.file, field: w.field, message: `alias ${w.alias}: ${w.message}` });
    for (const t of content.triggerTypes()) triggerTypes.register(t);
    const loadable = [];
    for (const rule of content.rules()) {
      const bad = triggerTypes.checkParameters(rule.trigger.type, rule.trigger.parameters);
      if (bad.length) problems.push(...bad.map((d) => ({ file: rule.source?.file, field: d.field, message: `rule ${rule.ref}: ${d.message}` })));
      else loadable.push(rule);
    }
    rules.setRules(loadable);
    for (const p of policies.setPolicies(content.policies())) problems.push({ file: p.file, message: `policy ${p.policy}: ${p.message}` });
    for (const p of problems) logger.warn('content problem', { ...p });
  };
  reload();

  // Anything a previous process left in flight is marked abandoned, never left running forever;
  // workflows with a checkpoint are resumed instead, once the inquiries are loaded.
  const abandoned = executions.abandonInterrupted((e) => workflows.canResume(e));
  if (abandoned.length) logger.warn('executions abandoned by the previous process', { count: abandoned.length });
  // No role source is configured, so `roles` checks pass as in StackStorm without RBAC; `users` still apply.
  const inquiries = new InquiryService({ executions, store, clock, crypto: kv, logger: logger.child({ component: 'inquiries' }) });
  const expiredInquiries = inquiries.start();
  if (expiredInquiries.length) logger.info('inquiries timed out while Squall was stopped', { count: expiredInquiries.length });
  const resumed = workflows.recover();
  if (resumed.length) logger.info('workflows resumed from their checkpoints', { count: resumed.length });
  // Trigger instances the previous process stored but never got to are processed now, not lost.
  const unprocessed = triggers.list().filter((i) => i.status === 'pending' || i.status === 'processing');
  for (const instance of unprocessed) bus.publish(instance);
  if (unprocessed.length) logger.info('processing trigger instances left by the previous process', { count: unprocessed.length });

  let stopped = false;
  const app: App = {
    config,
    logger,
    clock,
    store,
    kv,
    renderer,
    content,
    aliases,
    triggerTypes,
    bus,
    triggers,
    ruleEngine,
    rules,
    enforcer,
    executions,
    executor,
    policies,
    inquiries,
    workflows,
    get problems() {
      return problems;
    },
    reload,
    setApiAddress(host, port) {
      services.apiUrl = apiUrl(host, port);
    },
    async idle() {
      // A finished execution may fire triggers that start new executions: settle until both are quiet.
      for (let i = 0; i < 1000; i++) {
        await bus.drain();
        await executor.idle();
        await new Promise((r) => setImmediate(r));
        if (queue.stats().running === 0 && queue.stats().waiting === 0) {
          await bus.drain();
          if (queue.stats().running === 0 && queue.stats().waiting === 0) return;
        }
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Nothing new starts during shutdown: completions of canceled executions must not fire rules.
      unsubscribeRules();
      inquiries.stop();
      // Workflows keep their checkpoints and go on after a restart; what their tasks do now is not theirs to hear.
      workflows.stop();
      for (const e of executions.live()) {
        // Workflows themselves are resumed from their checkpoints after a restart.
        if (!['running', 'scheduled', 'requested', 'delayed'].includes(e.status) || workflows.isWorkflow(e)) continue;
        // A workflow's task is interrupted, not canceled: the resumed workflow follows its failure path.
        const parent = e.parent ? executions.get(e.parent) : undefined;
        if (parent && workflows.isWorkflow(parent)) executor.abandon(e.id, 'Squall stopped while the execution was running');
        else executor.cancel(e.id);
      }
      // The grace timer must not keep the process alive once the executions have settled.
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([executor.idle(), new Promise((r) => (grace = setTimeout(r, 5000)))]);
      clearTimeout(grace);
      await store.close();
      lock?.release();
    },
  };
  return app;
}

function apiUrl(host: string, port: number): string {
  // A server on every interface is still reached by local actions through the loopback address.
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}/api/v1`;
}
