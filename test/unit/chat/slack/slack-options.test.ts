import { describe, expect, it } from 'vitest';
import { resolveSlackOptions } from '../../../../src/chat/slack/slack-options.js';
import { RecentIds } from '../../../../src/chat/slack/recent-ids.js';
import { isSquallError } from '../../../../src/errors/index.js';
import { ManualClock } from '../../../../src/util/clock.js';

describe('resolveSlackOptions', () => {
  it('picks Socket Mode with an app token and HTTP events with only a signing secret', () => {
    expect(resolveSlackOptions({ botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: 's' }).mode).toBe('socket');
    const http = resolveSlackOptions({ botToken: 'xoxb-1', signingSecret: 's' });
    expect(http).toMatchObject({ mode: 'http', slashCommand: '/squall', eventsPath: '/slack/events', retries: 5, fileThreshold: 8000 });
  });

  it('reports every problem at once, by field', () => {
    let err: unknown;
    try {
      resolveSlackOptions({ botToken: 'xapp-wrong-place', slashCommand: 'squall', retries: -1 });
    } catch (e) {
      err = e;
    }
    expect(isSquallError(err) && err.code).toBe('CONFIG_INVALID');
    const fields = isSquallError(err) ? err.details.map((d) => d.field) : [];
    expect(fields).toEqual(['slack.botToken', 'slack.signingSecret', 'slack.slashCommand', 'slack.retries']);
  });
});

describe('RecentIds', () => {
  it('recognises an id until it expires', () => {
    const clock = new ManualClock();
    const ids = new RecentIds(clock, 1000, 2);
    expect(ids.seen('Ev1')).toBe(false);
    expect(ids.seen('Ev1')).toBe(true);
    clock.advance(1000);
    expect(ids.seen('Ev1')).toBe(false);
  });
  it('keeps at most max ids, dropping the oldest', () => {
    const ids = new RecentIds(new ManualClock(), 60_000, 2);
    ids.seen('a');
    ids.seen('b');
    ids.seen('c');
    expect(ids.seen('a')).toBe(false);
    expect(ids.seen('c')).toBe(true);
  });
});
