import { describe, expect, it } from 'vitest';
import { LineFramer } from './line-framer.ts';

const lines = (frames: ReturnType<LineFramer['push']>) => frames.map((f) => (f.ok ? f.bytes.toString('latin1') : `!${f.reason}`));

describe('LineFramer', () => {
  it('cuts lines, drops a trailing CR and skips empty lines', () => {
    const framer = new LineFramer(64);
    expect(lines(framer.push(Buffer.from('one\r\n\ntwo\nthr')))).toEqual(['one', 'two']);
    expect(lines(framer.push(Buffer.from('ee\n')))).toEqual(['three']);
  });

  it('joins a frame split across two writes at every possible point', () => {
    const text = 'PRESS p1 42 5 *15\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const framer = new LineFramer(64);
      const got = [...framer.push(Buffer.from(text.slice(0, cut))), ...framer.push(Buffer.from(text.slice(cut)))];
      expect(lines(got)).toEqual(['PRESS p1 42 5 *15']);
    }
  });

  it('reports an overlong line once and resumes at the next line end', () => {
    const framer = new LineFramer(10);
    expect(lines(framer.push(Buffer.from('0123456789')))).toEqual([]);
    expect(lines(framer.push(Buffer.from('abcdef')))).toEqual(['!overlong-line']);
    expect(lines(framer.push(Buffer.from('x'.repeat(1000))))).toEqual([]);
    expect(lines(framer.push(Buffer.from('tail\nok\n')))).toEqual(['ok']);
  });

  it('a line of exactly the cap passes', () => {
    expect(lines(new LineFramer(5).push(Buffer.from('12345\n')))).toEqual(['12345']);
  });

  it('end() reports the bytes of an unfinished line, and nothing for a line already counted overlong', () => {
    const framer = new LineFramer(10);
    framer.push(Buffer.from('ok\npart'));
    expect(framer.end()).toBe(4);
    expect(framer.end()).toBe(0);
    framer.push(Buffer.from('x'.repeat(20)));
    expect(framer.end()).toBe(0);
  });

  it('a frame does not alias the chunk it was cut from', () => {
    const chunk = Buffer.from('abc\n');
    const [frame] = new LineFramer(10).push(chunk);
    chunk.fill(0);
    expect(frame?.ok && frame.bytes.toString()).toBe('abc');
  });
});
