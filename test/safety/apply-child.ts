// The apply process that the kill test starts and kills: bundled by the test, run with plain node. Arguments: the
// emulator URL, the plan file, the apply log, the estate's seed and size. Changes run one at a time, slowly enough
// to be killed between them.
import { appendFileSync, readFileSync } from 'node:fs';
import { createClients } from '../../src/clients/index.js';
import { applyPlan } from '../../src/engine/apply.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan } from '../../src/plan/types.js';
import { randomEstate } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

const [url, planFile, logFile, seedText, sizeText] = process.argv.slice(2) as [string, string, string, string, string];
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
const { tenant } = randomEstate(Number(seedText), Number(sizeText));
const summary = await applyPlan({
  plan,
  tenants: [tenant],
  clientsFor: () => createClients({ tenantId: CONTOSO, emulatorUrl: url }),
  kinds,
  concurrency: 1,
  log: (entry) => appendFileSync(logFile, `${JSON.stringify(entry)}\n`),
  secret: (name) => {
    throw new Error(`no ${name}`);
  },
});
process.stdout.write(`${summary.status}\n`);
