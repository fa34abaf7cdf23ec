/** `npm run store:build`: builds the embedded FerretDB binary into the project's cache (CI, Docker). */
import { createLogger } from '../../log';
import { ensureFerretdbBinary } from './ferretdb-binary';

const log = createLogger('info');
ensureFerretdbBinary(log).then(
  (binary) => process.stdout.write(`${binary}\n`),
  (err: Error) => {
    log.fatal({ err: err.message }, 'embedded store build failed');
    process.exitCode = 1;
  },
);
