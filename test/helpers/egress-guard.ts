/**
 * Vitest setup file: no test may open a TCP connection outside loopback. Every client in the
 * suite (fetch/undici behind the Slack WebClient, `ws`, discord.js, simple-git's child processes
 * aside) ends in `net.Socket.prototype.connect`, so wrapping that one method catches them all. A
 * refused connection throws at once, with the host in the message, and is also recorded: a client
 * that swallows the error (retry loops do) still fails the test in `afterEach`.
 */
import net from 'node:net';
import { afterEach } from 'vitest';

const VIOLATIONS = Symbol.for('squall.test.egressViolations');
const PATCHED = Symbol.for('squall.test.egressGuardInstalled');

type GuardGlobal = typeof globalThis & { [VIOLATIONS]?: string[]; [PATCHED]?: boolean };
const g = globalThis as GuardGlobal;
g[VIOLATIONS] ??= [];

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped forms) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/** Violations recorded so far, cleared by the call (for the guard's own test). */
export function takeEgressViolations(): string[] {
  const taken = g[VIOLATIONS] ?? [];
  g[VIOLATIONS] = [];
  return taken;
}

/** The host a `connect(...)` call aims at, or undefined for Unix sockets and pipes. */
function targetHost(args: unknown[]): string | undefined {
  // net.connect() passes its normalised [options, callback] pair as one array argument.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'string') return undefined; // a path
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  if (first && typeof first === 'object') {
    const o = first as { path?: unknown; host?: unknown; port?: unknown };
    if (typeof o.path === 'string' && o.port === undefined) return undefined;
    return typeof o.host === 'string' && o.host !== '' ? o.host : 'localhost';
  }
  return undefined;
}

if (!g[PATCHED]) {
  g[PATCHED] = true;
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const host = targetHost(args);
    if (host !== undefined && !isLoopbackHost(host)) {
      const message = `egress guard: test tried to connect to ${host}; only loopback is allowed`;
      (g[VIOLATIONS] ??= []).push(message);
      throw new Error(message);
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded as typeof net.Socket.prototype.connect;
}

afterEach(() => {
  const found = takeEgressViolations();
  if (found.length > 0) throw new Error(`${found.length} connection(s) outside loopback:\n${[...new Set(found)].join('\n')}`);
});
