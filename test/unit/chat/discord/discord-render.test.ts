import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, colorToInt, renderDiscordMessage, splitContent } from '../../../../src/chat/discord/discord-render.js';

describe('renderDiscordMessage', () => {
  it('sends plain text as content only, and nothing for an empty message', () => {
    expect(renderDiscordMessage({ text: 'hello' })).toEqual([{ content: 'hello' }]);
    expect(renderDiscordMessage({ text: '' })).toEqual([]);
  });

  it('puts title, colour, fields and code into one embed; a ``` in the output cannot close the fence', () => {
    const [payload] = renderDiscordMessage({ text: 't', title: 'T', color: '#FF0000', code: 'a```b\n', fields: [{ name: '', value: '' }] });
    expect(payload!.embeds).toEqual([{ title: 'T', color: 0xff0000, description: '```\na`\u200b``b\n```', fields: [{ name: '\u200b', value: '\u200b' }] }]);
  });

  it('merges extra.discord.embed into the embed', () => {
    const [payload] = renderDiscordMessage({ text: 'x', extra: { discord: { embed: { url: 'https://example.com', footer: { text: 'f' } } } } });
    expect(payload!.embeds).toEqual([{ url: 'https://example.com', footer: { text: 'f' } }]);
  });

  it('attaches output too long for the embed and says so in the embed', () => {
    const code = 'y'.repeat(DISCORD_LIMITS.embedDescription);
    const [payload] = renderDiscordMessage({ text: 'x', code });
    expect(payload!.files?.map((f) => [f.name, f.data.toString()])).toEqual([['output.txt', code]]);
    expect(payload!.embeds?.[0]?.description).toBe(`Output (${code.length} characters) is attached as a file.`);
  });

  it('shortens over-long titles and field values visibly and keeps their full text in the file', () => {
    const long = 'v'.repeat(2000);
    const [payload] = renderDiscordMessage({ text: 'x', title: 't'.repeat(300), fields: [{ name: 'big', value: long }] });
    const embed = payload!.embeds![0]!;
    expect(embed.title).toHaveLength(DISCORD_LIMITS.embedTitle);
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(embed.fields![0]!.value).toHaveLength(DISCORD_LIMITS.fieldValue);
    const file = payload!.files![0]!.data.toString();
    expect(file).toContain('t'.repeat(300));
    expect(file).toContain(`big: ${long}`);
  });

  it('moves fields past 25 into the file and says how many', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: `v${i}` }));
    const [payload] = renderDiscordMessage({ text: 'x', fields });
    const shown = payload!.embeds![0]!.fields!;
    expect(shown).toHaveLength(26);
    expect(shown[25]!.value).toBe('5 more field(s) in the attached file.');
    expect(payload!.files![0]!.data.toString()).toBe(fields.slice(25).map((f) => `${f.name}: ${f.value}`).join('\n'));
  });

  it('keeps the given attachment name and uses another name for its own overflow file', () => {
    const [payload] = renderDiscordMessage({ text: 'x', code: 'z'.repeat(5000), attachment: { name: 'output.txt', content: 'given' } });
    expect(payload!.files!.map((f) => f.name)).toEqual(['output.txt', 'more-output.txt']);
  });

  it('puts the embed on the last of several text messages', () => {
    const payloads = renderDiscordMessage({ text: 'a\n'.repeat(1500), title: 'T' });
    expect(payloads.length).toBe(2);
    expect(payloads[0]!.embeds).toBeUndefined();
    expect(payloads[1]!.embeds).toEqual([{ title: 'T' }]);
  });
});

describe('splitContent', () => {
  it('splits on line ends into ≤2000-character parts that join back to the text', () => {
    const text = Array.from({ length: 400 }, (_, i) => `row ${i}`).join('\n');
    const parts = splitContent(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('closes and reopens a code fence that a split falls inside', () => {
    const text = 'Output:\n```\n' + 'line\n'.repeat(600) + '```\ndone';
    const parts = splitContent(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it('cuts a single line longer than the limit inside the line', () => {
    const parts = splitContent('q'.repeat(4500));
    expect(parts.map((p) => p.length)).toEqual([1992, 1992, 516]);
  });
});

describe('colorToInt', () => {
  it('maps names and hex, and ignores anything else', () => {
    expect(colorToInt('good')).toBe(0x2eb886);
    expect(colorToInt('DANGER')).toBe(0xa30200);
    expect(colorToInt('00ff00')).toBe(0x00ff00);
    expect(colorToInt('#12345')).toBeUndefined();
    expect(colorToInt('blue')).toBeUndefined();
    expect(colorToInt(undefined)).toBeUndefined();
  });
});
