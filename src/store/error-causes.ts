/** Causes are followed this deep: a store error may be wrapped by the code that met it. */
const MAX_CAUSES = 5;

/** The fields a driver or Node error may carry that the store's error classes read. */
export interface DriverErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  codeName?: unknown;
  hasErrorLabel?: (label: string) => boolean;
  cause?: unknown;
}

/** `err` and the causes it wraps, outermost first, at most MAX_CAUSES deep. */
export function* causesOf(err: unknown): Generator<DriverErrorFields> {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as DriverErrorFields;
    yield e;
    current = e.cause;
  }
}
