import type { SandboxStore } from '../state.js';
import { attributeError, unprocessableError } from './errors.js';

/**
 * Refuses a personal email another person of the company (employee or contractor) already
 * uses, compared without case. Gusto's legacy errors FAQ answers 422 when "the user email
 * included in the request payload already exists"; the wording follows Rails' "has already been
 * taken".
 */
export function requireUniquePersonalEmail(
  store: SandboxStore,
  company_uuid: string,
  email: string | null | undefined,
  except_uuid: string | null,
): void {
  if (!email) return;
  const wanted = email.toLowerCase();
  const people = [
    ...Object.values(store.data.employees),
    ...Object.values(store.data.contractors),
  ].filter((p) => p.company_uuid === company_uuid && p.uuid !== except_uuid);
  if (people.some((p) => p.email?.toLowerCase() === wanted)) {
    throw unprocessableError([attributeError('email', 'Email has already been taken')]);
  }
}

/** Title of a department, or null. */
export function departmentTitle(store: SandboxStore, uuid: string | null): string | null {
  return uuid ? (store.data.departments[uuid]?.title ?? null) : null;
}
