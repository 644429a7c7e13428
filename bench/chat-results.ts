/**
 * What passes between the chat benchmark (bench/chat.ts) and each side's process
 * (bench/chat-side.ts): the settings going in (as a JSON argument) and the result coming out (as
 * one marked stdout line).
 */

export const SIDES = ['squall', 'hubot'] as const;
export type Side = (typeof SIDES)[number];

export interface SideSettings {
  side: Side;
  aliases: number;
  warmup: number;
  sequential: number;
  messages: number;
  window: number;
  keep: boolean;
}

/** One phase's numbers; latencies in nanoseconds. */
export interface PhaseResult {
  messages: number;
  window: number;
  seconds: number;
  cpuSeconds: number;
  p50: number;
  p99: number;
  mean: number;
  wrong: number;
}

export interface SideResult {
  side: Side;
  setupMs: number;
  setupRss: number;
  peakRss: number;
  sent: number;
  sequential: PhaseResult;
  windowed: PhaseResult;
  tmp?: string;
}

export const RESULT_MARKER = '@@chat-result ';
