/**
 * The rules benchmark's content and traffic: a pack with many trigger types (declared by a
 * sensor's `trigger_types`) and many rules over them with a mix of criteria operators, written to
 * disk as a user would write them; and a seeded generator of realistic payloads of which a chosen
 * share is built to satisfy one rule.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { CriterionSpec } from '../src/model/index.js';

/** The pack's ref. */
export const BENCH_PACK = 'bench';

/** What every generated payload looks like (the trigger types' payload schema says the same). */
export interface BenchPayload {
  [key: string]: unknown;
  host: string;
  severity: string;
  message: string;
  count: number;
  latency_ms: number;
  region: string;
  path: string;
  user: { name: string; email: string };
  tags: string[];
  items: { name: string; status: string; owner: string }[];
  annotations: Record<string, string>;
}

/** One generated rule: where it listens, what it asks, and how to make a payload it matches. */
export interface BenchRule {
  name: string;
  trigger: string;
  kind: string;
  criteria: Record<string, CriterionSpec>;
  satisfy(payload: BenchPayload): void;
}

export interface BenchPack {
  dir: string;
  triggerTypes: string[];
  rules: BenchRule[];
  /** Key-value pairs (scope system) the template rules read. */
  kv: Record<string, string>;
}

type RuleShape = Pick<BenchRule, 'criteria' | 'satisfy'>;

const KV_KEYS = 5;

/**
 * The selective part of each rule, by kind. Random payloads never meet these (their hosts, paths,
 * regions, item names are drawn from other vocabularies); `satisfy` makes one that does.
 */
const KINDS: Readonly<Record<string, (id: number) => RuleShape>> = {
  equals: (id) => ({ criteria: { 'trigger.host': { type: 'equals', pattern: `host-${id}` } }, satisfy: (p) => void (p.host = `host-${id}`) }),
  iequals: (id) => ({ criteria: { 'trigger.user.name': { type: 'iequals', pattern: `Owner-${id}` } }, satisfy: (p) => void (p.user.name = `OWNER-${id}`) }),
  contains: (id) => ({ criteria: { 'trigger.message': { type: 'contains', pattern: `E${id}:` } }, satisfy: (p) => void (p.message = `disk full (E${id}: quota exceeded)`) }),
  startswith: (id) => ({ criteria: { 'trigger.path': { type: 'startswith', pattern: `/srv/app${id}/` } }, satisfy: (p) => void (p.path = `/srv/app${id}/current/out.log`) }),
  range: (id) => ({
    criteria: { 'trigger.count': { type: 'gt', pattern: 1000 + id }, 'trigger.latency_ms': { type: 'lt', pattern: 50 } },
    satisfy: (p) => {
      p.count = 1001 + id;
      p.latency_ms = 12;
    },
  }),
  inside: (id) => ({ criteria: { 'trigger.region': { type: 'inside', pattern: [`zone-${id}-a`, `zone-${id}-b`, `zone-${id}-c`] } }, satisfy: (p) => void (p.region = `zone-${id}-b`) }),
  regex: (id) => ({
    criteria: { 'trigger.message': { type: 'regex', pattern: `deploy of svc${id} (?:failed|timed out) after \\d+s` } },
    satisfy: (p) => void (p.message = `deploy of svc${id} failed after 42s`),
  }),
  iregex: (id) => ({ criteria: { 'trigger.host': { type: 'iregex', pattern: `^DB-${id}-[0-9]+\\.example\\.com$` } }, satisfy: (p) => void (p.host = `db-${id}-3.example.com`) }),
  matchwildcard: (id) => ({ criteria: { 'trigger.path': { type: 'matchwildcard', pattern: `/var/log/job${id}/*.log` } }, satisfy: (p) => void (p.path = `/var/log/job${id}/run-7.log`) }),
  search_any: (id) => ({
    criteria: {
      'trigger.items': { type: 'search', condition: 'any', pattern: { 'item.name': { type: 'equals', pattern: `job-${id}` }, 'item.status': { type: 'equals', pattern: 'failed' } } },
    },
    satisfy: (p) => void p.items.push({ name: `job-${id}`, status: 'failed', owner: 'ops' }),
  }),
  search_all: (id) => ({
    criteria: {
      'trigger.items': { type: 'search', condition: 'all', pattern: { 'item.owner': { type: 'equals', pattern: `team-${id}` }, 'item.status': { type: 'iequals', pattern: 'OK' } } },
    },
    satisfy: (p) => void (p.items = p.items.map((it) => ({ ...it, owner: `team-${id}`, status: 'ok' }))),
  }),
  exists: (id) => ({ criteria: { [`trigger.annotations.rule_${id}`]: { type: 'exists' } }, satisfy: (p) => void (p.annotations[`rule_${id}`] = 'yes') }),
};

/** Rules whose pattern is a template over the key-value store (rendered for every candidate instance). */
function templateRule(id: number): RuleShape {
  const key = Math.floor(id / 25) % KV_KEYS;
  return {
    criteria: { 'trigger.host': { type: 'equals', pattern: `{{ st2kv.system.bench_host_${key} }}` }, 'trigger.severity': { type: 'equals', pattern: 'critical' } },
    satisfy: (p) => {
      p.host = `kvhost-${key}`;
      p.severity = 'critical';
    },
  };
}

/** Common extra conditions most real payloads pass. */
function addSecondary(id: number, shape: RuleShape): RuleShape {
  const extra: [string, CriterionSpec, ((p: BenchPayload) => void) | undefined][] = [
    ['trigger.severity', { type: 'exists' }, undefined],
    ['trigger.count', { type: 'lt', pattern: 1_000_000 }, undefined],
    ['trigger.tags', { type: 'contains', pattern: 'prod' }, (p) => void (p.tags.includes('prod') || p.tags.push('prod'))],
  ];
  const pick = id % 4 === 0 ? undefined : extra[(id % 4) - 1];
  if (!pick || pick[0] in shape.criteria) return shape;
  const [key, spec, fix] = pick;
  return {
    criteria: { ...shape.criteria, [key]: spec },
    satisfy: (p) => {
      shape.satisfy(p);
      fix?.(p);
    },
  };
}

const PAYLOAD_SCHEMA = {
  type: 'object',
  required: ['host', 'severity', 'message', 'count'],
  properties: {
    host: { type: 'string' },
    severity: { type: 'string', enum: ['info', 'warning', 'error', 'critical'] },
    message: { type: 'string' },
    count: { type: 'integer' },
    latency_ms: { type: 'number' },
    region: { type: 'string' },
    path: { type: 'string' },
    user: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' } } },
    tags: { type: 'array', items: { type: 'string' } },
    items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, status: { type: 'string' }, owner: { type: 'string' } } } },
    annotations: { type: 'object' },
  },
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Writes `<packsDir>/bench`: one sensor declaring the trigger types, one file per rule (each runs core.noop). */
export function writeBenchPack(packsDir: string, counts: { triggerTypes: number; rules: number }): BenchPack {
  const dir = path.join(packsDir, BENCH_PACK);
  for (const sub of ['sensors', 'rules']) mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, 'pack.yaml'), YAML.stringify({ ref: BENCH_PACK, name: BENCH_PACK, description: 'Rules benchmark content', version: '0.1.0', author: 'bench' }));
  const typeNames = Array.from({ length: counts.triggerTypes }, (_, i) => `event_${pad(i, 3)}`);
  writeFileSync(
    path.join(dir, 'sensors', 'events.yaml'),
    YAML.stringify({
      class_name: 'EventsSensor',
      entry_point: 'events.js',
      description: 'Declares the benchmark trigger types; never started by the benchmark',
      trigger_types: typeNames.map((name) => ({ name, description: `benchmark event ${name}`, payload_schema: PAYLOAD_SCHEMA })),
    }),
  );
  writeFileSync(path.join(dir, 'sensors', 'events.js'), 'export default class EventsSensor {}\n');

  const kinds = Object.keys(KINDS);
  const rules: BenchRule[] = [];
  for (let id = 0; id < counts.rules; id++) {
    const name = `rule_${pad(id, 4)}`;
    const trigger = `${BENCH_PACK}.${typeNames[id % typeNames.length]!}`;
    // Rules go round the trigger types; shifting the kind by the round gives each type a spread of kinds.
    const round = Math.floor(id / typeNames.length);
    // About one rule in 25 reads the key-value store through a template, at most one per trigger type and round.
    const kind = id % 25 === (round * 3) % 25 ? 'template' : kinds[(id + round) % kinds.length]!;
    const shape = addSecondary(id, kind === 'template' ? templateRule(id) : KINDS[kind]!(id));
    rules.push({ name, trigger, kind, ...shape });
    writeFileSync(
      path.join(dir, 'rules', `${name}.yaml`),
      YAML.stringify({ name, pack: BENCH_PACK, description: `benchmark rule (${kind})`, enabled: true, trigger: { type: trigger }, criteria: shape.criteria, action: { ref: 'core.noop' } }),
    );
  }
  const kv = Object.fromEntries(Array.from({ length: KV_KEYS }, (_, k) => [`bench_host_${k}`, `kvhost-${k}`]));
  return { dir, triggerTypes: typeNames.map((n) => `${BENCH_PACK}.${n}`), rules, kv };
}

/** mulberry32: a small seeded generator, so every run sees the same traffic. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedEvent {
  trigger: string;
  payload: BenchPayload;
  /** The rule the payload was built to satisfy, if any. */
  target?: string;
}

/** Realistic monitoring-style events; `targetShare` of them are built to satisfy one rule of their trigger type. */
export class PayloadGenerator {
  readonly #rand: () => number;
  readonly #pack: BenchPack;
  readonly #targetShare: number;
  readonly #rulesByTrigger = new Map<string, BenchRule[]>();

  constructor(pack: BenchPack, options: { seed: number; targetShare: number }) {
    this.#pack = pack;
    this.#rand = seeded(options.seed);
    this.#targetShare = options.targetShare;
    for (const r of pack.rules) {
      const list = this.#rulesByTrigger.get(r.trigger) ?? [];
      list.push(r);
      this.#rulesByTrigger.set(r.trigger, list);
    }
  }

  next(): GeneratedEvent {
    const trigger = this.#pick(this.#pack.triggerTypes);
    const payload = this.#randomPayload();
    const candidates = this.#rulesByTrigger.get(trigger);
    if (candidates?.length && this.#rand() < this.#targetShare) {
      const rule = this.#pick(candidates);
      rule.satisfy(payload);
      return { trigger, payload, target: rule.name };
    }
    return { trigger, payload };
  }

  #int(n: number): number {
    return Math.floor(this.#rand() * n);
  }

  #pick<T>(list: readonly T[]): T {
    return list[this.#int(list.length)]!;
  }

  #randomPayload(): BenchPayload {
    const user = `user-${this.#int(200)}`;
    const messages = [
      () => `request ${this.#int(100000)} handled in ${this.#int(900)}ms`,
      () => `${user} logged in from 10.0.${this.#int(255)}.${this.#int(255)}`,
      () => `disk usage at ${this.#int(100)}% on /dev/sda${this.#int(4)}`,
      () => `backup job finished, ${this.#int(5000)} files copied`,
      () => `health check ok (${this.#int(50)} checks)`,
    ];
    const tags = ['prod', 'staging', 'web', 'db', 'eu', 'us'].filter(() => this.#rand() < 0.4);
    const items = Array.from({ length: 1 + this.#int(4) }, () => ({
      name: `task-${this.#int(1000)}`,
      status: this.#rand() < 0.8 ? 'ok' : 'failed',
      owner: this.#pick(['ops', 'dev', 'sre']),
    }));
    return {
      host: `srv-${this.#int(500)}.internal`,
      severity: this.#pick(['info', 'info', 'info', 'warning', 'error', 'critical']),
      message: this.#pick(messages)(),
      count: this.#int(1000),
      latency_ms: 1 + this.#int(2000),
      region: this.#pick(['us-east-1', 'eu-west-1', 'ap-south-1']),
      path: `/var/log/syslog.${this.#int(10)}`,
      user: { name: user, email: `${user}@example.com` },
      tags,
      items,
      annotations: { source: this.#pick(['prometheus', 'nagios', 'cloudwatch']) },
    };
  }
}
