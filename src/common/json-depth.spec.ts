import { jsonDepth } from './json-depth.js';

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{"a":1}', 1],
    ['{"a":[{"b":[]}]}', 4],
    ['[[],[[]],[]]', 3],
    ['{"text":"[[[{{{"}', 1],
    ['{"text":"a \\" [[["}', 1],
    ['["\\\\",[2]]', 2],
  ])('%s nests %i levels', (body, depth) => {
    expect(jsonDepth(Buffer.from(body))).toBe(depth);
  });
});
