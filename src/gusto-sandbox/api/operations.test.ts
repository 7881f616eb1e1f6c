import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implementedOperations } from './operations.js';

/** The operationIds in the README's "API operations" table. */
function readmeOperationIds(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.split('## API operations')[1]?.split('\n## ')[0] ?? '';

  return [...section.matchAll(/^\| `([a-z0-9_-]+)` \|/gm)].map((match) => match[1] ?? '');
}

describe('README "API operations"', () => {
  it('lists exactly the implemented operations, which the SDK test exercises one by one', () => {
    const listed = readmeOperationIds();

    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual(implementedOperations.map((op) => op.operationId).sort());
  });
});
