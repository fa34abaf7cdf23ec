/**
 * The filterable User attributes and where UserDocument (src/store/users/user-document.ts) keeps
 * them. Case sensitivity follows RFC 7643 §4.1 and §4.3, except that ids are compared exactly.
 */
import { CORE_USER, ENTERPRISE_USER, ROSTER_USER } from '../../domain';
import { defineFieldMap, type FieldSpec, type FieldType } from './field-map';

function text(field: string, caseExact = false): FieldSpec {
  return { field, type: 'string', caseExact };
}

function of(type: FieldType, field: string): FieldSpec {
  return { field, type, caseExact: false };
}

/** RFC 7643 §4.1.2: emails, phoneNumbers, ims, photos, entitlements and roles share these sub-attributes. */
function multiValued(attribute: string): Record<string, FieldSpec> {
  const element = (sub: string, type: FieldType): FieldSpec => ({
    field: `${attribute}.${sub}`,
    type,
    caseExact: false,
    multiValued: true,
  });
  return {
    [`${attribute}.value`]: element('value', attribute === 'photos' ? 'reference' : 'string'),
    [`${attribute}.display`]: element('display', 'string'),
    [`${attribute}.type`]: element('type', 'string'),
    [`${attribute}.primary`]: element('primary', 'boolean'),
  };
}

const ADDRESS_TEXT = ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'];
const NAME_PARTS = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
];
const ENTERPRISE_TEXT = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'];

export const userFieldMap = defineFieldMap(CORE_USER, {
  id: text('_id', true),
  userName: { field: 'userName', type: 'string', caseExact: false, keyField: 'userNameKey' },
  externalId: text('externalId', true),
  active: of('boolean', 'active'),
  displayName: text('displayName'),
  nickName: text('nickName'),
  profileUrl: of('reference', 'profileUrl'),
  title: text('title'),
  userType: text('userType'),
  preferredLanguage: text('preferredLanguage'),
  locale: text('locale'),
  timezone: text('timezone'),
  ...Object.fromEntries(NAME_PARTS.map((part) => [`name.${part}`, text(`name.${part}`)])),
  ...multiValued('emails'),
  ...multiValued('phoneNumbers'),
  ...multiValued('ims'),
  ...multiValued('photos'),
  ...multiValued('entitlements'),
  ...multiValued('roles'),
  ...Object.fromEntries(
    ADDRESS_TEXT.map((sub) => [`addresses.${sub}`, { ...text(`addresses.${sub}`), multiValued: true }]),
  ),
  'addresses.primary': { ...of('boolean', 'addresses.primary'), multiValued: true },
  'meta.created': of('dateTime', 'created'),
  'meta.lastModified': of('dateTime', 'lastModified'),
  ...Object.fromEntries(ENTERPRISE_TEXT.map((x) => [`${ENTERPRISE_USER}:${x}`, text(`enterprise.${x}`)])),
  [`${ENTERPRISE_USER}:manager.value`]: text('managerId', true),
  [`${ROSTER_USER}:canManageTeam`]: of('boolean', 'canManageTeam'),
});
