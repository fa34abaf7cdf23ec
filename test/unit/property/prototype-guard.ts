/**
 * Prototype pollution shows as a property appearing where no code put one. A snapshot of the
 * built-in prototypes before a suite, compared after it.
 */
const WATCHED = [Object.prototype, Array.prototype, Function.prototype, String.prototype];

export function prototypeSnapshot(): string[][] {
  return WATCHED.map((proto) => Reflect.ownKeys(proto).map(String).sort());
}

export function expectNoPollution(before: string[][]): void {
  expect(prototypeSnapshot()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}
