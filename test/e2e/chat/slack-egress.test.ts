/**
 * The egress guard (test/helpers/egress-guard.ts, a vitest setup file) is what keeps these
 * suites honest: an adapter that forgot its apiUrl would otherwise talk to the real Slack. Here
 * it is provoked on purpose, through the real Web API client, and the violation is taken back
 * so that the guard's own afterEach check does not fail this test.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import { isSquallError } from '../../../src/errors/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { isLoopbackHost, takeEgressViolations } from '../../helpers/egress-guard.js';

describe('egress guard', () => {
  it('refuses the Slack WebClient when it falls back to slack.com', async () => {
    const adapter = new SlackAdapter({ botToken: 'xoxb-not-a-real-token', signingSecret: 's', retries: 0 }, { logger: new MemoryLogger() });
    const err = await adapter.start(async () => {}).catch((e: unknown) => e);
    expect(isSquallError(err) && err.code).toBe('CHAT_CONNECT_FAILED');
    const violations = takeEgressViolations();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatch(/slack\.com/);
  });

  it('refuses a raw socket to a non-loopback address before any packet leaves', () => {
    expect(() => net.connect({ host: '192.0.2.1', port: 443 })).toThrow(/egress guard/);
    expect(takeEgressViolations()).toEqual(['egress guard: test tried to connect to 192.0.2.1; only loopback is allowed']);
  });

  it('knows loopback from everything else', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['10.0.0.1', 'slack.com', '::ffff:10.0.0.1', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
