/**
 * The whole chat bot for end-to-end tests: the real engine (`startTestApp`) on a pack with a
 * `deploy {{ app }}` alias whose action is a real `local-shell-cmd`, the real Bot and
 * ChatNotifier (`startChat`), and, for Slack's HTTP events, Squall's own HttpServer carrying the
 * adapters' routes as `main.ts` mounts them. Plus readers that pull the visible text out of what
 * the fakes recorded, so tests can assert on what a person would see.
 */
import { HttpServer } from '../../src/api/http-server.js';
import type { Route } from '../../src/api/http-server.js';
import type { App } from '../../src/app.js';
import type { ChatAdapter } from '../../src/chat/adapter.js';
import { startChat, type RunningChat } from '../../src/chat/start-chat.js';
import { isCompleted, type Execution } from '../../src/model/index.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { startTestApp, waitFor, type TestApp } from './app.js';
import type { ApiCall } from './fake-slack.js';
import type { RecordedRequest } from './fake-discord.js';
import { shellCmdAction, tempPacksDir, type PackFiles } from './temp-pack.js';

/** The ack and result templates of the `deploy` alias, as a test expects to see them rendered. */
export const DEPLOY_ACK = (app: string): string => `Deploying ${app}...`;
export const DEPLOY_RESULT = (app: string): string => `Deploy finished: deployed ${app}`;

/**
 * Pack `ops`: `ops.deploy` (a local-shell-cmd that echoes `deployed <app>`; the app arrives as a
 * positional argument, so chat text is never shell source) and the alias `deploy {{ app }}`
 * with an ack and a result format reading `execution.result.stdout`.
 */
export const CHATOPS_PACK: PackFiles = {
  'actions/deploy.yaml': shellCmdAction('deploy', 'printf "deployed %s\\n" "$1"', {
    description: 'Deploy an app',
    parameters: { app: { type: 'string', required: true, position: 0 } },
  }),
  'aliases/deploy.yaml': {
    name: 'deploy',
    pack: 'ops',
    action_ref: 'ops.deploy',
    description: 'Deploy an app',
    formats: ['deploy {{ app }}'],
    ack: { format: 'Deploying {{ execution.parameters.app }}...', append_url: false },
    result: { format: 'Deploy finished: {{ execution.result.stdout | trim }}' },
  },
};

/** A running engine with the chat pack loaded; one per test file. */
export interface BotApp {
  test: TestApp;
  app: App;
  logs: MemoryLogger;
  /** Puts the bot over `adapters` (started here); stop it with the returned RunningChat's stop(). */
  startChat(adapters: readonly ChatAdapter[]): Promise<RunningChat>;
  /** Squall's HTTP server on 127.0.0.1 with `routes` (Slack's events route), as main.ts serves them. */
  serve(routes: Route[]): Promise<{ url: string; close(): Promise<void> }>;
  /** Executions started from chat so far, oldest first. */
  chatExecutions(): Execution[];
  stop(): Promise<void>;
}

/** Starts the engine on the chat pack. */
export async function startBotApp(): Promise<BotApp> {
  const logs = new MemoryLogger();
  const test = await startTestApp({ packsDir: tempPacksDir({ ops: CHATOPS_PACK }), logger: logs });
  if (test.app.problems.length) throw new Error(`chat pack did not load cleanly: ${JSON.stringify(test.app.problems)}`);
  const servers = new Set<HttpServer>();
  return {
    test,
    app: test.app,
    logs,
    startChat: (adapters) => startChat(test.app, adapters),
    async serve(routes) {
      const server = new HttpServer({ routes, apiKey: 'api-key-unused-by-chat-routes', logger: logs });
      servers.add(server);
      const port = await server.listen('127.0.0.1', 0);
      return {
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          servers.delete(server);
          await server.close();
        },
      };
    },
    chatExecutions: () =>
      test.app.executions
        .list()
        .reverse()
        .filter((e) => e.context.source === 'chat'),
    async stop() {
      await Promise.all([...servers].map((s) => s.close()));
      servers.clear();
      await test.stop();
    },
  };
}

/** Waits for the chat execution started after the first `before` ones, and for it to complete. */
export async function nextChatExecution(bot: BotApp, before: number, timeoutMs = 10_000): Promise<Execution> {
  const started = await waitFor(() => bot.chatExecutions()[before], 'a chat command to start an execution', timeoutMs);
  return waitFor(() => {
    const e = bot.app.executions.get(started.id);
    return e && isCompleted(e.status) ? e : undefined;
  }, `execution ${started.id} to complete`, timeoutMs);
}

/** Everything a person sees of one chat.postMessage / chat.postEphemeral: `text` and every text in blocks and attachments. */
export function slackVisibleText(call: ApiCall): string {
  const out: string[] = [];
  if (call.args.text) out.push(call.args.text);
  for (const field of ['blocks', 'attachments'] as const) {
    const raw = call.args[field];
    if (raw) collectText(JSON.parse(raw) as unknown, out);
  }
  return out.join('\n');
}

/** Everything a person sees of one Discord message body: content, embed titles, descriptions and fields. */
export function discordVisibleText(request: RecordedRequest): string {
  const body = request.body ?? {};
  const out: string[] = [];
  if (typeof body['content'] === 'string') out.push(body['content']);
  for (const embed of (body['embeds'] as Record<string, unknown>[] | undefined) ?? []) {
    for (const key of ['title', 'description'] as const) if (typeof embed[key] === 'string') out.push(embed[key]);
    for (const f of (embed['fields'] as { name: string; value: string }[] | undefined) ?? []) out.push(`${f.name}: ${f.value}`);
  }
  return out.join('\n');
}

function collectText(value: unknown, out: string[]): void {
  if (Array.isArray(value)) return value.forEach((v) => collectText(v, out));
  if (!value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'text' || key === 'fallback' || key === 'pretext') && typeof v === 'string') out.push(v);
    else collectText(v, out);
  }
}
