import { nestsDeeperThan } from '../../../src/http/json-depth';

const nested = (depth: number) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays as levels, scalars not', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
  });

  it('finds the deep branch among wide shallow ones', () => {
    const body = { a: [1, 2, 3], b: { c: 'x' }, d: [{ e: nested(31) }] };
    expect(nestsDeeperThan(body, 32)).toBe(true);
    expect(nestsDeeperThan(body, 34)).toBe(false);
  });

  it('checks a million levels without overflowing the stack', () => {
    expect(nestsDeeperThan(JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000)), 32)).toBe(true);
  });
});
