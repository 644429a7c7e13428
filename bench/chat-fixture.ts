/**
 * The chat benchmark's content: N aliases `cmd<i> {{ target }}`, each running `bench_chat.noop`
 * (the `noop` runner of `core.noop`, declaring the `target` parameter that `core.noop` lacks, since
 * an alias's parameters must be the action's), as a pack on disk (for Squall, loaded through `createApp` like a user's pack) and as the equivalent
 * regular expressions (for Hubot's `robot.respond`), plus the command texts both sides receive.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** The pack's ref. */
export const CHAT_PACK = 'bench_chat';

/** The command word of alias `i` (`cmd0`, `cmd1`, ...). */
export function commandWord(i: number): string {
  return `cmd${i}`;
}

/** What both sides post as the result of `cmd<i> <target>`: the same text, rendered by each side. */
export function resultText(word: string, target: string): string {
  return `${word} ran on ${target}`;
}

/** Writes `<packsDir>/bench_chat` with `aliases` aliases; returns the pack's directory. */
export function writeChatPack(packsDir: string, aliases: number): string {
  const dir = path.join(packsDir, CHAT_PACK);
  for (const sub of ['aliases', 'actions']) mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(path.join(dir, 'pack.yaml'), YAML.stringify({ ref: CHAT_PACK, name: CHAT_PACK, description: 'Chat benchmark content', version: '0.1.0', author: 'bench' }));
  writeFileSync(
    path.join(dir, 'actions', 'noop.yaml'),
    YAML.stringify({
      name: 'noop',
      runner_type: 'noop',
      description: 'core.noop with a target parameter',
      enabled: true,
      entry_point: '',
      parameters: { target: { type: 'string', required: true } },
    }),
  );
  for (let i = 0; i < aliases; i++) {
    const word = commandWord(i);
    writeFileSync(
      path.join(dir, 'aliases', `${word}.yaml`),
      YAML.stringify({
        name: word,
        pack: CHAT_PACK,
        description: `benchmark command ${i}`,
        action_ref: `${CHAT_PACK}.noop`,
        formats: [`${word} {{ target }}`],
        // The result is a template over the execution, as a real alias's would be.
        result: { format: resultText(word, '{{ execution.parameters.target }}') },
      }),
    );
  }
  return dir;
}

/**
 * The Hubot listener pattern equivalent to alias `cmd<i> {{ target }}`: the word, then one
 * argument to the end of the line. `robot.respond` adds the name/alias anchor in front.
 */
export function hubotPattern(i: number): RegExp {
  return new RegExp(`${commandWord(i)}\\s+(.+?)\\s*$`, 'i');
}

/** A deterministic spread of commands over every alias: message `n` uses alias `(n * 7919) % aliases`. */
export function commandFor(n: number, aliases: number): { word: string; target: string; text: string } {
  const word = commandWord((n * 7919) % aliases);
  const target = `host-${n % 97}`;
  return { word, target, text: `${word} ${target}` };
}
