import { describe, expect, it } from 'vitest';
import { workerSettingsFrom } from '../worker/worker-settings.js';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('states every default on an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.GUSTO_SANDBOX_PORT).toBe(3100);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.usesRealGusto).toBe(false);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.WORKER_CONCURRENCY).toBe(8);
  });

  it('reports every bad variable at once', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  it('refuses production without an encryption key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HIREBRIDGE_SECRET_KEY/);
  });

  it('refuses a partial set of Gusto credentials', () => {
    expect(() => loadConfig({ GUSTO_CLIENT_ID: 'abc' })).toThrow(/set all three/);
  });

  it('gives the worker in npm start and npm run worker the same settings', () => {
    const config = loadConfig({
      WORKER_CONCURRENCY: '3',
      WORKER_LOCK_MS: '5000',
      GUSTO_RATE_BUDGET: '20/2000',
    });

    expect(workerSettingsFrom(config)).toEqual({
      concurrency: 3,
      lock_ms: 5000,
      handoff: { budget: { limit: 20, window_ms: 2000 } },
    });
    expect(() => loadConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
  });

  it('refuses a rate budget beyond a million requests or a day', () => {
    // A window of millennia reached dates the databases cannot compare as the budget does.
    expect(loadConfig({ GUSTO_RATE_BUDGET: '1000000/86400000' }).GUSTO_RATE_BUDGET).toEqual({
      limit: 1_000_000,
      window_ms: 86_400_000,
    });
    for (const budget of ['2/130000000000000', '99999999999999999999/60000', '1000001/60000']) {
      expect(() => loadConfig({ GUSTO_RATE_BUDGET: budget })).toThrow(/GUSTO_RATE_BUDGET/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
