import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { stringify } from 'csv-stringify';
import { RosterError } from '../../domain';
import { principalOf } from '../../http/auth';
import type { Store } from '../../store';
import { actorOf, queryText } from '../request';
import { csvRecords } from './csv-records';
import { exportSpreadsheet } from './export-spreadsheet';
import { importSpreadsheet } from './import-spreadsheet';

/**
 * The bulk update spreadsheet: export, edit, import (seed article, bulk update). Mounted before
 * the /users/:id routes, whose id would otherwise swallow "export" and "import".
 */
export function spreadsheetRoutes(store: Store): Router {
  const router = Router();

  router.get('/users/export', async (_req, res) => {
    const { tenantId } = principalOf(res);
    res.type('text/csv; charset=utf-8').attachment('users.csv');
    // A BOM and CRLF, so spreadsheet programs open it as UTF-8 text (Excel guesses otherwise).
    // csv-stringify quotes a cell holding the CRLF record delimiter but not a bare CR or LF, which
    // a reader would take for the end of the row: every cell with either is quoted.
    await pipeline(
      Readable.from(exportSpreadsheet(store, tenantId)),
      stringify({ bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }),
      res,
    );
  });

  router.post('/users/import', async (req, res) => {
    const { tenantId } = principalOf(res);
    const dryRun = dryRunOf(queryText(req.query, 'dryRun'));
    const report = await importSpreadsheet(store, tenantId, csvRecords(req), {
      dryRun,
      actor: actorOf(res, 'csv'),
      onProgress: (progress) => req.log.info(progress, 'import progress'),
    });
    res.json(report);
  });

  return router;
}

function dryRunOf(text: string | undefined): boolean {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw new RosterError('invalid-value', `dryRun must be true or false (got "${text}").`);
}
