import { SquallError } from '../../errors/index.js';
import type { Params, RuleMeta } from '../../model/index.js';
import type { ApiRequest, ApiResponse, Route } from '../http-server.js';

/** Headers never passed into a webhook payload: they carry credentials. */
const DROPPED_HEADERS = new Set(['x-auth-token', 'st2-api-key', 'x-squall-api-key', 'cookie', 'authorization']);

export interface WebhookDeps {
  rules(): readonly RuleMeta[];
  dispatch(trigger: string, payload: Params, options: { triggerParameters?: Params; traceTag?: string }): { id: string };
}

/**
 * StackStorm's webhooks: `POST /api/v1/webhooks/<url>` fires `core.st2.webhook` for the rules
 * whose trigger parameter `url` is that path; `POST /api/v1/webhooks/st2` takes
 * `{trigger, payload}` and fires any trigger type. The body is data: it is never rendered.
 */
export function webhookRoutes(deps: WebhookDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/v1\/webhooks\/?$/,
      handle: () => ({ status: 200, body: registeredUrls(deps.rules()).map((url) => ({ url, type: 'core.st2.webhook' })) }),
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\/webhooks\/(?<url>.+)$/,
      handle: (req, params) => {
        let url: string;
        try {
          url = decodeURIComponent(params.url ?? '');
        } catch {
          // A stray `%` is the caller's mistake, not a server failure.
          return { status: 400, body: { faultstring: `webhook url ${params.url ?? ''} is not valid percent-encoding` } };
        }
        return handleWebhook(deps, req, url.replace(/^\/+|\/+$/g, ''));
      },
    },
  ];
}

function handleWebhook(deps: WebhookDeps, req: ApiRequest, url: string): ApiResponse {
  const traceTag = firstHeader(req, 'st2-trace-tag');
  if (url === 'st2') {
    const body = req.body as { trigger?: unknown; payload?: unknown } | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SquallError('TRIGGER_PAYLOAD_INVALID', 'body must be a JSON object {"trigger": "<ref>", "payload": {...}}');
    if (typeof body.trigger !== 'string' || !body.trigger) throw new SquallError('TRIGGER_PAYLOAD_INVALID', 'field "trigger" must name a trigger type');
    if (body.payload !== undefined && (typeof body.payload !== 'object' || body.payload === null || Array.isArray(body.payload))) {
      throw new SquallError('TRIGGER_PAYLOAD_INVALID', 'field "payload" must be an object');
    }
    const instance = deps.dispatch(body.trigger, (body.payload ?? {}) as Params, traceTag ? { traceTag } : {});
    return { status: 202, body: { ...body, trigger_instance_id: instance.id } };
  }
  const spellings = urlSpellings(deps.rules()).get(url);
  if (!spellings) return { status: 404, body: { faultstring: `Webhook ${url} not registered with Squall` } };
  const headers: Record<string, string> = {};
  const headersLower: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = req.rawHeaders[i + 1]!;
    headersLower[name.toLowerCase()] = req.rawHeaders[i + 1]!;
  }
  const body = req.body ?? {};
  // Rules may spell the same url with or without slashes; each spelling is a trigger of its own.
  for (const spelled of spellings) {
    deps.dispatch('core.st2.webhook', { headers, headers_lower: headersLower, body: body as Params }, { triggerParameters: { url: spelled }, ...(traceTag ? { traceTag } : {}) });
  }
  return { status: 202, body };
}

function registeredUrls(rules: readonly RuleMeta[]): string[] {
  return [...urlSpellings(rules).keys()].sort();
}

/** Normalised url → the spellings rules use for it. */
function urlSpellings(rules: readonly RuleMeta[]): Map<string, Set<string>> {
  const urls = new Map<string, Set<string>>();
  for (const r of rules) {
    const raw = r.trigger.parameters.url;
    if (!r.enabled || r.trigger.type !== 'core.st2.webhook' || typeof raw !== 'string') continue;
    const key = raw.replace(/^\/+|\/+$/g, '');
    urls.set(key, (urls.get(key) ?? new Set()).add(raw));
  }
  return urls;
}

function firstHeader(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
