// Lints snippets with the project's own eslint.config.mjs through ESLint's Node API. Run as a
// child process by layering.test.ts: ESLint loads its config with import(), which Jest's VM
// cannot do without --experimental-vm-modules. stdin: [{file, code}]; stdout: [[message...]].
import { ESLint } from 'eslint';
import process from 'node:process';
import path from 'node:path';

const cwd = process.argv[2];
const cases = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin
      .setEncoding('utf8')
      .on('data', (chunk) => (text += chunk))
      .on('end', () => resolve(text));
  }),
);
const eslint = new ESLint({ cwd });
const out = [];
for (const { file, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: path.join(cwd, file) });
  out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
