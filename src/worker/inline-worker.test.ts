import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../crypto/secret-box.js';
import { createLogger } from '../logging/logger.js';
import type { Storage } from '../storage/database.js';
import { startInlineHandoffWorker } from './inline-worker.js';

describe('startInlineHandoffWorker', () => {
  it('starts nothing when HIREBRIDGE_INLINE_WORKER is false', () => {
    const input = {
      storage: {} as Storage,
      settings: {
        baseUrl: 'http://127.0.0.1:9',
        client_id: 'id',
        client_secret: 'secret',
        redirect_uri: 'http://127.0.0.1:9/cb',
        fetch,
      },
      secretBox: createSecretBox(Buffer.alloc(32)),
      logger: createLogger({ level: 'silent' }),
    };
    expect(startInlineHandoffWorker({ HIREBRIDGE_INLINE_WORKER: false }, input)).toBeNull();
  });
});
