import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, parseJsonBytes } from './request-body.ts';

const bytes = (text: string) => Buffer.from(text);

describe('JSON nesting depth, counted before parsing', () => {
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":{}}]}'), 4)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":{}}]}'), 3)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('["[[[[[[", "\\"[[[[[", "\\\\"]'), 1)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('[[],[],[[]]]'), 2)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"Ж[":"щ{"}'), 1)).toBe(false);
  });

  it('an unclosed run of brackets is too deep at the first bracket past the limit', () => {
    expect(jsonNestsDeeperThan(bytes('['.repeat(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('['.repeat(2 * 1024 * 1024)), MAX_JSON_DEPTH)).toBe(true);
  });

  it('parses signed bytes into a typed result', () => {
    expect(parseJsonBytes(bytes('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonBytes(Buffer.alloc(0))).toEqual({ ok: true, value: undefined });
    const broken = parseJsonBytes(bytes('{"a":'));
    expect(broken.ok || broken.error.type).toBe('entity.parse.failed');
    const deep = parseJsonBytes(bytes('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)));
    expect(deep.ok || deep.error.type).toBe('entity.too.deep');
  });
});
