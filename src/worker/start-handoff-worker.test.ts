import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import {
  addHiredCandidate,
  addToGusto,
  type HandoffKit,
  reload,
  startHandoffKit,
} from '../handoff/handoff-test-kit.js';
import { employeeValues } from '../handoff/test-forms.js';
import { startHandoffWorker } from './start-handoff-worker.js';

describe.each(testDialects)('the hand-off worker loop (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  it('claims a queued hand-off and brings it to added, then stops cleanly', async () => {
    const candidate = await addHiredCandidate(kit, 'Wanda', 'Worker');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeValues({
        first_name: 'Wanda',
        last_name: 'Worker',
        email: 'wanda@example.test',
        location_uuid: kit.location_uuid,
      }),
    );
    const worker = startHandoffWorker({
      storage: kit.storage,
      settings: kit.deps.settings,
      secretBox: kit.deps.secretBox,
      logger: kit.handoffDeps.logger,
      poll_ms: 20,
    });
    try {
      await expect
        .poll(async () => (await reload(kit, handoff)).status, { timeout: 10_000, interval: 50 })
        .toBe('added');
    } finally {
      await worker.stop();
    }
  });
});
