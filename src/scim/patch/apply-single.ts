/**
 * add / replace / remove on a single-valued attribute or one of its sub-attributes
 * (`active`, `name`, `name.givenName`, `urn:…:enterprise:2.0:User:manager`, `…:manager.value`).
 */
import { coerceElement } from '../schema/coerce-value';
import type { PatchTarget } from './patch-target';
import { isRecord, type UserDraft } from './user-draft';

export function applyToSingleValued(
  draft: UserDraft,
  op: 'add' | 'replace' | 'remove',
  target: PatchTarget,
  raw: unknown,
): void {
  const { attribute, subAttribute } = target;
  const current = draft.get(attribute);
  if (subAttribute === undefined) {
    // RFC 7644 §3.5.2.2: the attribute becomes unassigned; removing an absent one changes nothing.
    // interop (Microsoft Entra ID): `Remove …:manager`, sometimes with the old manager as value,
    // must succeed even when no manager is set; the value is not needed to clear it.
    if (op === 'remove') {
      draft.set(attribute, undefined);
      return;
    }
    // interop (Microsoft Entra ID): a bare manager id, "True"/"False" strings (coerce-value.ts).
    const value = coerceElement(attribute, raw, target.text);
    // RFC 7644 §3.5.2.1 and §3.5.2.3: a complex value sets the sub-attributes it names, others stay.
    draft.set(attribute, isRecord(value) && isRecord(current) ? { ...current, ...value } : value);
    return;
  }
  // `manager.value` and `name.givenName` work whether or not the parent has a value yet (scimmy
  // answers noTarget to `Replace …:manager.value`, docs/scimmy-notes.md §3).
  const parent: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  const value = op === 'remove' ? undefined : coerceElement(subAttribute, raw, target.text);
  if (value === undefined) {
    delete parent[subAttribute.name];
  } else {
    parent[subAttribute.name] = value;
  }
  draft.set(attribute, Object.keys(parent).length > 0 ? parent : undefined);
}
