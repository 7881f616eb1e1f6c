import {
  GustoForbiddenError,
  GustoNotFoundError,
  GustoRedirectError,
  GustoUnexpectedBodyError,
} from '../gusto-client/errors.js';
import { STEP_LABELS } from './gusto-problems.js';
import type { HandoffProblem, StepName } from './tables.js';

/** What Resume does first, said wherever it is advised after a request may have reached Gusto. */
const RESUME_LOOKS_FIRST = 'anything already in Gusto is looked up first, never created twice';

/** The headline of every hand-off that stopped short of Gusto's acceptance or refusal. */
export const COULD_NOT_FINISH = 'Hirebridge could not finish sending this hire to Gusto.';

/** What the hand-off was doing when it stopped, in the recruiter's words. */
function doing(step: StepName | null): string {
  if (step === null) return 'sending this hire to Gusto';
  if (step === 'reconcile') return STEP_LABELS.reconcile;

  return `sending ${STEP_LABELS[step]} to Gusto`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A problem with the hire as a whole, not with one field of the form. */
function problem(message: string): HandoffProblem {
  return { error_key: 'base', field: null, message };
}

/**
 * What a recruiter can do about a failure Gusto would answer the same way again. The form is
 * the likely cause only when Gusto refused the request as it was, or it could not be built;
 * missing access, a record gone from Gusto, a wrong address and an unreadable answer each need
 * someone else, and the advice says who.
 */
export function permanentProblem(
  cause: unknown,
  step: StepName | null,
  reason: string,
): HandoffProblem {
  if (cause instanceof GustoRedirectError) return redirected();
  if (cause instanceof GustoForbiddenError) return forbidden(step);
  if (cause instanceof GustoNotFoundError) return notFound(cause, step);
  if (cause instanceof GustoUnexpectedBodyError) return unreadable(step, reason);

  return problem(
    `${capitalized(doing(step))} failed (${reason}). Check the form and press Resume to try again.`,
  );
}

/** A passing failure that lasted through every attempt the outbox makes. */
export function stillFailing(step: StepName | null, reason: string): HandoffProblem {
  return problem(
    `${capitalized(doing(step))} kept failing (${reason}), and Hirebridge has stopped trying. ` +
      `Press Resume to try again; ${RESUME_LOOKS_FIRST}. If it fails again, ask an ` +
      "administrator to check Gusto's status and Hirebridge's log.",
  );
}

/**
 * 403: the token is valid but lacks a scope this call needs; Gusto assigns an app's scopes
 * itself, so neither the form nor the recruiter can supply it.
 * @see https://docs.gusto.com/app-integrations/docs/scopes
 */
function forbidden(step: StepName | null): HandoffProblem {
  return problem(
    `Gusto refused access (403) while ${doing(step)}: Hirebridge's connection to this company ` +
      'is not allowed to do this in Gusto. An administrator should check the permissions Gusto ' +
      "gave Hirebridge's app and reconnect Gusto under Integrations, then press Resume; " +
      `${RESUME_LOOKS_FIRST}.`,
  );
}

/**
 * 404: what was missing follows from the path Gusto answered for (its template, never ids): the
 * company itself (`/v1/companies/…`: creates, lookups and lists), a department chosen on the
 * form, or the person or their job, which someone may have removed in Gusto meanwhile.
 */
function notFound(cause: GustoNotFoundError, step: StepName | null): HandoffProblem {
  const during = `(404) while ${doing(step)}`;
  if (cause.path.startsWith('/v1/companies/')) {
    return problem(
      `Gusto did not find the company Hirebridge is connected to ${during}. An administrator ` +
        `should check the connection under Integrations, then press Resume; ${RESUME_LOOKS_FIRST}.`,
    );
  }
  if (cause.path.startsWith('/v1/departments/')) {
    return problem(
      `Gusto did not find the department ${during}: it may have been removed in Gusto. Choose ` +
        `another on the form, or none, then press Resume; ${RESUME_LOOKS_FIRST}.`,
    );
  }

  return problem(
    `Gusto did not find the person or their job ${during}: they may have been removed in ` +
      'Gusto. Check the person in Gusto: if they were removed, finish this hire there; ' +
      `otherwise press Resume; ${RESUME_LOOKS_FIRST}.`,
  );
}

/** An answer the client could not read: Hirebridge stops rather than guess what Gusto did. */
function unreadable(step: StepName | null, reason: string): HandoffProblem {
  return problem(
    `Gusto answered while ${doing(step)}, but not in a form Hirebridge understands ` +
      `(${reason}), so it stopped rather than guess. Press Resume to try again; ` +
      `${RESUME_LOOKS_FIRST}. If this comes back, an administrator should look at Hirebridge's ` +
      "log, which has Gusto's request id.",
  );
}

/**
 * Gusto's API does not redirect, so a redirect means the address Hirebridge is set to is wrong;
 * the form is not the cause, and Resume alone would meet the same redirect.
 */
function redirected(): HandoffProblem {
  return problem(
    "Gusto's address in Hirebridge's settings answered with a redirect, which Hirebridge does " +
      'not follow. An administrator should check GUSTO_BASE_URL; then press Resume: ' +
      `${RESUME_LOOKS_FIRST}.`,
  );
}

/** No worker holds the hand-off any more: it stopped before finishing, and will not go on. */
export function workerStopped(): HandoffProblem {
  return problem(
    `The worker stopped before finishing. Press Resume to try again: ${RESUME_LOOKS_FIRST}.`,
  );
}

/** The account has no Gusto connection to send with. */
export function notConnected(): HandoffProblem[] {
  return [
    problem('Hirebridge is not connected to Gusto. Connect it under Integrations, then Resume.'),
  ];
}
