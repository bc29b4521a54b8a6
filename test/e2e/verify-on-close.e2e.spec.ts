import { randomUUID } from 'node:crypto';
import { startTestApp } from '../support/app.js';
import { append, at } from '../support/forged-log.js';

describe('every end-to-end log is verified when its app closes', () => {
  it('fails the close of an app whose log dials one attempt twice, naming the check', async () => {
    const app = await startTestApp();
    // A transaction older than the forged events keeps them from readers until it ends (DESIGN §1):
    // the check on close must wait for them rather than verify a log without its last events.
    const older = await app.db.knex.transaction();
    await older.raw('SELECT txid_current()');
    const call = `call-${randomUUID()}`;
    await append(app.store, call, 'CallScheduled', { callId: call.slice(5), campaignId: null, phoneNumber: '+12025550100' }, at(0));
    await append(app.store, call, 'CallAttempted', { attempt: 1 }, at(1_000));
    await append(app.store, call, 'CallAttempted', { attempt: 1 }, at(2_000));

    setTimeout(() => void older.commit(), 500);

    await expect(app.close()).rejects.toThrow(/attempt-once \(invariant 4\)/);
  }, 60_000);
});
