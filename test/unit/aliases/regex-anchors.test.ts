import { describe, expect, it } from 'vitest';
import { findAnchors } from '../../../src/aliases/regex-anchors.js';

// Answers as StackStorm's search_regex_tokens gives them over sre_parse's tokens.
describe('anchor search (StackStorm\'s search_regex_tokens)', () => {
  it.each([
    ['foo', false, false],
    ['^foo$', true, true],
    ['\\Afoo\\Z', true, true],
    ['foo ^bar', true, false],
    ['(^foo)', true, false],
    ['(?:x(?P<a>^y))', true, false],
    ['(?i:^foo)$', true, true],
    // An alternation is searched in its second alternative only.
    ['(?:\\b|^)dup(?:\\b|$)', true, true],
    ['(?:^|\\b)dup(?:$|\\b)', false, false],
    ['^a|b', false, false],
    ['a|^b$', true, true],
    // Repeated items, lookarounds, escaped and bracketed characters are not anchors.
    ['(^foo)?', false, false],
    ['(?:^foo)*bar', false, false],
    ['(?=^)foo(?<=$)', false, false],
    ['\\^foo\\$', false, false],
    ['[$^]foo', false, false],
    ['[]^]foo', false, false],
    ['(?#^)foo', false, false],
    ['(^foo){2}', false, false],
    ['(^foo){x}', true, false],
    // Verbose mode: whitespace between an item and its quantifier still makes it a repeat.
    ['(?x)(^foo) ? bar', false, false],
    ['(?x)(^foo) # comment ?\n bar', true, false],
  ])('%j → start %s, end %s', (pattern, start, end) => {
    expect(findAnchors(pattern)).toEqual({ start, end });
  });
});
