/**
 * The layer arrow of docs/architecture.md, enforced: each zone lists what its files must not
 * import. main → app → {scim/http, admin, http, ops} → {scim core, store} → domain; cli → store
 * and domain. The domain and the store are entered through their index.ts only. Tests and bench
 * may import anything.
 *
 * Matched on the import text (relative paths, any depth of `../`), because no-restricted-imports
 * does not resolve paths; folder names are distinct enough for that. One block per zone: ESLint
 * replaces, not merges, a rule's options when two blocks match a file, so the zones are disjoint.
 */
const up = String.raw`^(\.\.?/)+`;
/** An import of `folder` (a sibling of this zone's folder, at any depth). */
const into = (folder) => String.raw`${up}${folder}(/|\.ts$|$)`;

const rule = (regex, message) => ({ regex, message });
const deepDomain = rule(
  String.raw`${up}domain/.+`,
  'Import the domain through its barrel (src/domain/index.ts); add what you need there.',
);
const deepStore = rule(
  String.raw`${up}store/.+`,
  'Import the store through its barrel (src/store/index.ts); add what you need there.',
);
const barrels = [deepDomain, deepStore];
const forbid = (folders, why) => rule(into(`(${folders.join('|')})`), why);
const entryPoints = ['app', 'main', 'server'];

export const ZONES = [
  {
    name: 'domain',
    files: ['src/domain/**'],
    patterns: [rule(String.raw`^(?!\./)`, 'The domain is pure: it imports nothing outside src/domain.')],
  },
  {
    name: 'store',
    files: ['src/store/**'],
    patterns: [
      deepDomain,
      forbid(['scim', 'admin', 'http', 'ops', 'cli', ...entryPoints], 'The store sits below every adapter.'),
    ],
  },
  {
    name: 'scim core',
    files: ['src/scim/**'],
    ignores: ['src/scim/http/**'],
    patterns: [
      ...barrels,
      forbid(
        ['http', 'admin', 'ops', 'cli', ...entryPoints],
        'SCIM core is protocol only: no express, routes (src/scim/http), admin or app.',
      ),
    ],
  },
  {
    name: 'scim http',
    files: ['src/scim/http/**'],
    patterns: [
      ...barrels,
      forbid(['admin', 'cli', ...entryPoints], 'SCIM routes do not reach admin or the app.'),
    ],
  },
  {
    name: 'admin',
    files: ['src/admin/**'],
    patterns: [
      ...barrels,
      forbid(
        ['scim', 'cli', ...entryPoints],
        'Admin does not use SCIM helpers; a helper both need belongs in the domain.',
      ),
    ],
  },
  {
    name: 'http',
    files: ['src/http/**'],
    patterns: [
      ...barrels,
      rule(into('scim/http'), 'src/http is below the SCIM routes.'),
      forbid(['admin', 'ops', 'cli', ...entryPoints], 'src/http is below admin, ops and the app.'),
    ],
  },
  {
    name: 'ops',
    files: ['src/ops/**'],
    patterns: [...barrels, forbid(['scim', 'admin', 'cli', ...entryPoints], 'ops is below the app.')],
  },
  {
    name: 'cli',
    files: ['src/cli/**'],
    patterns: [
      ...barrels,
      forbid(
        ['scim', 'http', 'admin', 'ops', ...entryPoints],
        'The CLI works on the store and the domain only.',
      ),
    ],
  },
  {
    name: 'config and log',
    files: ['src/config/**', 'src/log.ts'],
    patterns: [
      forbid(
        ['domain', 'store', 'scim', 'admin', 'http', 'ops', 'cli', ...entryPoints],
        'config and log are leaves: anyone imports them, they import nothing of Roster.',
      ),
    ],
  },
  {
    name: 'entry points',
    files: ['src/app.ts', 'src/main.ts', 'src/server.ts'],
    patterns: [...barrels, forbid(['cli'], 'The server does not import the CLI.')],
  },
];

export const layering = ZONES.map(({ files, ignores, patterns }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { 'no-restricted-imports': ['error', { patterns }] },
}));
