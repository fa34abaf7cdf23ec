import type { Actor } from '../domain';

/**
 * Who the audit trail names for what the CLI does: the operator at the server's console, on the
 * admin channel, as the admin API would be named for the same change.
 */
export const OPERATOR: Actor = { tokenName: 'operator-cli', channel: 'admin' };
