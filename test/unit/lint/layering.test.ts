import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layer arrow (docs/architecture.md) is enforced by `npm run lint`: ESLint's Node API
 * (`new ESLint({ cwd })`, `lintText(code, { filePath })`) lints small snippets as if they were
 * files of each layer, with the project's own eslint.config.mjs, and a crossing import must be
 * reported while an allowed one is not. The linting runs in one child process
 * (lint-snippets.mjs), because ESLint loads its config with import(), which Jest's VM refuses.
 */
const ROOT = path.resolve(__dirname, '../../..');

type Case = readonly [file: string, code: string, ...rest: string[]];

function lint(cases: readonly Case[]): Map<Case, string[]> {
  const input = cases.map(([file, code]) => ({ file, code: `${code}\nexport {};\n` }));
  const output = execFileSync(process.execPath, [path.join(__dirname, 'lint-snippets.mjs'), ROOT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  const messages = JSON.parse(output) as string[][];
  return new Map(cases.map((c, i) => [c, messages[i]!]));
}

const CROSSING: Case[] = [
  ['src/domain/x.ts', "import { Store } from '../store';", 'pure'],
  ['src/domain/x.ts', "import mongoose from 'mongoose';", 'pure'],
  [
    'src/store/users/x.ts',
    "import { scimRouter } from '../../scim/http/scim-router';",
    'below every adapter',
  ],
  ['src/store/x.ts', "import { adminRouter } from '../admin/admin-router';", 'below every adapter'],
  ['src/store/users/x.ts', "import { RosterError } from '../../domain/errors';", 'barrel'],
  ['src/scim/filter/x.ts', "import { sendError } from '../../http/errors';", 'protocol only'],
  ['src/scim/users/x.ts', "import { scimContext } from '../http/context';", 'protocol only'],
  ['src/scim/users/x.ts', "import type { UserDocument } from '../../store/users';", 'barrel'],
  ['src/scim/http/x.ts', "import { adminRouter } from '../../admin/admin-router';", 'do not reach admin'],
  ['src/admin/users/x.ts', "import { etagOf } from '../../scim/users/user-mapping';", 'SCIM helpers'],
  ['src/admin/x.ts', "import { userNameKey } from '../store/users/user-keys';", 'barrel'],
  ['src/cli/x.ts', "import { parseAttrPath } from '../scim/filter/parse';", 'store and the domain only'],
  ['src/cli/x.ts', "import { requireScope } from '../http/auth';", 'store and the domain only'],
  ['src/cli/x.ts', "import { runningStoreUriFile } from '../store/embedded/ferretdb-process';", 'barrel'],
  ['src/http/x.ts', "import { scimRouter } from '../scim/http/scim-router';", 'below the SCIM routes'],
  ['src/ops/x.ts', "import { adminRouter } from '../admin/admin-router';", 'below the app'],
  ['src/config/x.ts', "import { Store } from '../store';", 'leaves'],
  ['src/main.ts', "import { ensureBootstrapTenant } from './store/bootstrap';", 'barrel'],
];

const ALLOWED: Case[] = [
  ['src/domain/x.ts', "import { foldCase } from './text';"],
  ['src/store/users/x.ts', "import { RosterError } from '../../domain';"],
  ['src/store/users/x.ts', "import { insertDocument } from '../insert';"],
  [
    'src/scim/users/x.ts',
    "import { RosterError } from '../../domain';\nimport type { Store } from '../../store';",
  ],
  ['src/scim/users/x.ts', "import { parseFilter } from '../filter/parse';"],
  ['src/scim/http/x.ts', "import { requireScope } from '../../http/auth';"],
  [
    'src/admin/users/x.ts',
    "import { etagOf } from '../../domain';\nimport { principalOf } from '../../http/auth';",
  ],
  ['src/cli/x.ts', "import { isUserAttributePath } from '../domain';\nimport { openStore } from '../store';"],
  ['src/http/x.ts', "import { scimErrorBody } from '../scim/protocol/error-body';"],
  [
    'src/app.ts',
    "import { scimRouter } from './scim/http/scim-router';\nimport { adminRouter } from './admin/admin-router';",
  ],
  ['test/unit/x.test.ts', "import { userKeys } from '../../src/store/users/user-keys';"],
  ['bench/x.ts', "import { parseFilter } from '../src/scim/filter/parse';"],
];

describe('eslint layering zones (no-restricted-imports in eslint.layers.mjs)', () => {
  let results: Map<Case, string[]>;
  beforeAll(() => {
    results = lint([...CROSSING, ...ALLOWED]);
  });

  it.each(CROSSING)('%s: %s is reported (%s)', (...c) => {
    const errors = results.get(CROSSING.find((k) => k[0] === c[0] && k[1] === c[1])!)!;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(c[2]);
  });

  it.each(ALLOWED)('%s: %s is allowed', (...c) => {
    expect(results.get(ALLOWED.find((k) => k[0] === c[0] && k[1] === c[1])!)).toEqual([]);
  });
});
