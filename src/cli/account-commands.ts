import { isUserAttributePath, RosterError } from '../domain';
import { isViolation, type Finding } from '../store';
import { flag, positionals, requiredOption, type Command } from './command';
import { jsonLine, table } from './format';
import { OPERATOR } from './operator';
import { tenantNamed } from './tenant-named';

export const ownerSet: Command = {
  name: 'owner set',
  synopsis: '--tenant NAME USER',
  summary: 'Make USER (id or userName, must be active) the primary account owner (I2).',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    const [user] = positionals(args, ['USER']) as [string];
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const target =
        (await store.users.byKey(tenant._id, 'userName', user)) ?? (await store.users.byId(tenant._id, user));
      if (!target) throw new RosterError('not-found', `No user "${user}" in tenant "${tenantName}".`);
      const owner = await store.users.transferOwnership(tenant._id, target._id, OPERATOR);
      if (json) return jsonLine({ tenant: tenantName, owner: { id: owner._id, userName: owner.userName } });
      return `"${owner.userName}" (${owner._id}) is now the primary owner of "${tenantName}".`;
    };
  },
};

export const policySet: Command = {
  name: 'policy set',
  synopsis: '--tenant NAME --required-fields PATH,PATH',
  summary: 'Set the SCIM attributes a profile needs before its status may change (I3).',
  options: { tenant: { type: 'string' }, 'required-fields': { type: 'string' } },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    const fields = requiredOption(args, 'required-fields', 'PATH,PATH')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    positionals(args, []);
    for (const field of fields) {
      if (!isUserAttributePath(field)) {
        throw new RosterError(
          'invalid-value',
          `"${field}" is not a User attribute (e.g. name.givenName, emails, title).`,
        );
      }
    }
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      await store.tenants.setRequiredFields(tenant._id, fields);
      return `Tenant "${tenantName}" now requires: ${fields.join(', ') || '(nothing)'}.`;
    };
  },
};

export const check: Command = {
  name: 'check',
  synopsis: '--tenant NAME [--repair] [--json]',
  summary:
    'Report I1/I2 violations, stale ledger entries and unblocked pending deactivations (exit 1 when any); --repair drops leftovers past their lease and completes those requests.',
  options: { tenant: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' } },
  plan(args) {
    const tenantName = requiredOption(args, 'tenant', 'NAME');
    positionals(args, []);
    const repair = flag(args, 'repair');
    const json = flag(args, 'json');
    return async (store) => {
      const tenant = await tenantNamed(store, tenantName);
      const findings = await store.users.check(tenant._id, { repair });
      // Repaired leftovers are done with; everything else needs a look (and a non-zero exit).
      const open = findings.filter((f) => !('repaired' in f && f.repaired));
      const output = json
        ? jsonLine({ tenant: tenantName, violations: findings.filter(isViolation).length, findings })
        : table(
            ['FINDING', 'DETAIL'],
            findings.map(describe),
            `Tenant "${tenantName}": no violation, no stale entry.`,
          );
      return { output, exitCode: open.length > 0 ? 1 : 0 };
    };
  },
};

function describe(f: Finding): [string, string] {
  switch (f.kind) {
    case 'I1-inactive-manager':
    case 'I1-missing-manager':
      return [f.kind, `active user ${f.userName} (${f.userId}) has manager ${f.managerId}`];
    case 'I1-ledger-missing-entry':
      return [f.kind, `manager ${f.managerId} does not list active report ${f.reportId}`];
    case 'I2-owner-missing':
    case 'I2-owner-inactive':
      return [f.kind, `owner ${f.ownerId}`];
    case 'stale-ledger-entry':
      return [
        f.kind,
        `manager ${f.managerId} lists ${f.reportId} (${Math.round(f.ageMs / 1000)} s old)${f.repaired ? ', removed' : ''}`,
      ];
    case 'stale-owner-flag':
      return [f.kind, `user ${f.userId} flagged as owner${f.repaired ? ', cleared' : ''}`];
    case 'pending-unblocked':
      return [
        f.kind,
        `pending ${f.action} of ${f.userName} (${f.userId}) is no longer blocked${f.repaired ? ', carried out' : ''}`,
      ];
  }
}
