import {
  compileUserProjection as compileProjection,
  projectUser as projectResource,
} from '../../../../src/scim/resources/users/user-projection';
import { CORE, deepFreeze, ENTERPRISE, ROSTER, userResource } from '../patch/user-fixtures';

const babs = deepFreeze(userResource()) as unknown as Record<string, unknown>;

describe('projectResource (RFC 7644 §3.4.2.5, RFC 7643 §2.4 returned)', () => {
  it('without lists returns every default and always attribute, sharing untouched values', () => {
    const projected = projectResource(babs, {});
    expect(projected).toEqual(babs);
    expect(projected).not.toBe(babs);
    expect(projected.emails).toBe(babs.emails);
  });

  it('attributes=userName returns it plus schemas, id and meta.resourceType', () => {
    expect(projectResource(babs, { attributes: ['userName'] })).toEqual({
      schemas: [CORE, ENTERPRISE, ROSTER],
      id: babs.id,
      userName: 'bjensen@example.com',
      meta: { resourceType: 'User' },
    });
  });

  it('names are case-insensitive and may be URN-qualified', () => {
    expect(projectResource(babs, { attributes: ['USERNAME', `${CORE}:DisplayName`] })).toMatchObject({
      userName: 'bjensen@example.com',
      displayName: 'Babs Jensen',
    });
  });

  it('a sub-attribute of a complex attribute: name.givenName', () => {
    expect(projectResource(babs, { attributes: ['name.givenName'] }).name).toEqual({ givenName: 'Barbara' });
  });

  it('a sub-attribute of a multi-valued attribute: emails.value keeps value in every element', () => {
    expect(projectResource(babs, { attributes: ['emails.value'] }).emails).toEqual([
      { value: 'bjensen@example.com' },
      { value: 'babs@jensen.org' },
    ]);
  });

  it('an extension attribute by qualified name: …enterprise:2.0:User:manager', () => {
    const projected = projectResource(babs, { attributes: [`${ENTERPRISE}:manager`] });
    expect(projected[ENTERPRISE]).toEqual({
      manager: {
        value: '26118915-6090-4610-87e4-49d8ca9f808d',
        $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
        displayName: 'John Smith',
      },
    });
    expect(projected).not.toHaveProperty(ROSTER);
  });

  it('an extension sub-attribute and a bare extension name', () => {
    expect(
      projectResource(babs, { attributes: [`${ENTERPRISE}:manager.value`, 'canManageTeam'] }),
    ).toMatchObject({
      [ENTERPRISE]: { manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
      [ROSTER]: { canManageTeam: false },
    });
  });

  it('a whole extension by its URN', () => {
    expect(projectResource(babs, { attributes: [ENTERPRISE.toLowerCase()] })[ENTERPRISE]).toEqual(
      babs[ENTERPRISE],
    );
  });

  it('a whole attribute wins over one of its sub-attributes', () => {
    expect(projectResource(babs, { attributes: ['name.givenName', 'name'] }).name).toEqual(babs.name);
  });

  it('unknown names select nothing and are not errors', () => {
    expect(Object.keys(projectResource(babs, { attributes: ['nope', '__proto__', 'name.nope'] }))).toEqual([
      'schemas',
      'id',
      'meta',
    ]);
  });

  it('excludedAttributes removes attributes, sub-attributes and extensions', () => {
    const projected = projectResource(babs, {
      excludedAttributes: ['emails', 'name.familyName', ROSTER, `${ENTERPRISE}:manager.displayName`],
    });
    expect(projected).not.toHaveProperty('emails');
    expect(projected.name).toEqual({ givenName: 'Barbara' });
    expect(projected).not.toHaveProperty(ROSTER);
    expect(projected[ENTERPRISE]).toEqual({
      department: 'Tour Operations',
      manager: {
        value: '26118915-6090-4610-87e4-49d8ca9f808d',
        $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
      },
    });
  });

  it('excludedAttributes cannot remove returned-always attributes (id, meta.resourceType)', () => {
    const projected = projectResource(babs, { excludedAttributes: ['id', 'meta', 'schemas'] });
    expect(projected.id).toBe(babs.id);
    expect(projected.meta).toEqual({ resourceType: 'User' });
    expect(projected.schemas).toEqual(babs.schemas);
  });

  it('an extension left empty by the projection is left out', () => {
    expect(
      projectResource(babs, { excludedAttributes: [`${ROSTER}:canManageTeam`, 'primaryOwner'] }),
    ).not.toHaveProperty(ROSTER);
  });

  it('when both lists are given, attributes selects and excludedAttributes removes', () => {
    expect(
      projectResource(babs, { attributes: ['emails'], excludedAttributes: ['emails.type'] }).emails,
    ).toEqual([{ value: 'bjensen@example.com', primary: true }, { value: 'babs@jensen.org' }]);
  });

  it('a compiled projection applies to every user of a page without being rebuilt', () => {
    const project = compileProjection({ attributes: ['userName'] });
    const page = [babs, { ...babs, id: 'x', userName: 'other' }];
    expect(page.map(project).map((u) => u.userName)).toEqual(['bjensen@example.com', 'other']);
  });
});
