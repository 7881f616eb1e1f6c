import pg from 'pg';
import { TASK_CHANNEL } from '../src/outbox/notify-queued.js';

/** A plain client LISTENing on the task channel; `next()` resolves with the next payload. */
export async function listenTo(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  const waiting: ((payload: string) => void)[] = [];
  const received: string[] = [];
  client.on('notification', (message) => {
    const payload = message.payload ?? '';
    const resolve = waiting.shift();
    if (resolve) resolve(payload);
    else received.push(payload);
  });
  await client.connect();
  await client.query(`LISTEN ${TASK_CHANNEL}`);
  const next = () => {
    const early = received.shift();
    if (early !== undefined) return Promise.resolve(early);

    return new Promise<string>((resolve) => waiting.push(resolve));
  };

  return { next, end: () => client.end() };
}
