import { RosterError } from '../../../../src/domain/errors';

/** The RosterError a call throws, for asserting its kind and detail. */
export function errorOf(run: () => unknown): RosterError {
  try {
    run();
  } catch (err) {
    if (err instanceof RosterError) return err;
    throw err;
  }
  throw new Error('expected a RosterError');
}
