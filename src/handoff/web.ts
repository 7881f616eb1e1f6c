import type { Context } from 'hono';
import { createSecretBox, resolveSecretKey, type SecretBox } from '../crypto/secret-box.js';
import type { GustoConnectionDeps } from '../gusto-connection/deps.js';
import type { GustoSettings } from '../gusto-connection/settings.js';
import type { AppDeps, HirePanel, SignedInEnv, WebExtension } from '../web/context.js';
import { HandoffPanel, reviewPath, SendToGusto } from './handoff-panel.js';
import { type HandoffWebContext, mountHandoffRoutes, panelProps } from './handoff-routes.js';

/** Options of the hand-off pages; each states its default. */
export interface HandoffWebOptions {
  /**
   * Opens the stored Gusto tokens; default the key in force for the app's configuration
   * (`HIREBRIDGE_SECRET_KEY`, or the development key in the data folder).
   */
  secretBox?: SecretBox;
}

const boxes = new WeakMap<AppDeps, SecretBox>();

function secretBoxFor(deps: AppDeps, options: HandoffWebOptions): SecretBox {
  if (options.secretBox) return options.secretBox;
  let box = boxes.get(deps);
  if (!box) {
    box = createSecretBox(resolveSecretKey(deps.config));
    boxes.set(deps, box);
  }

  return box;
}

function webContext(settings: GustoSettings, options: HandoffWebOptions): HandoffWebContext {
  return {
    settings,
    connection: (c: Context<SignedInEnv>): GustoConnectionDeps => {
      const deps = c.var.deps;
      const box = secretBoxFor(deps, options);
      return { db: deps.storage.db, secretBox: box, settings, logger: c.var.log };
    },
  };
}

/**
 * The candidate side of the Gusto integration, mounted through createApp's `extensions`: the
 * review form, "Add to Gusto", Resume and the live state of a hand-off.
 */
export function gustoHandoffExtension(
  settings: GustoSettings,
  options: HandoffWebOptions = {},
): WebExtension {
  return (app) => mountHandoffRoutes(app, webContext(settings, options));
}

/**
 * The Gusto block of a candidate's "Hire Information" (createApp's `hirePanel`): the hand-off's
 * state, "Click to add to Gusto", or why not; right after the hire step, "Send to Gusto".
 */
export function gustoHandoffPanel(
  settings: GustoSettings,
  options: HandoffWebOptions = {},
): HirePanel {
  const web = webContext(settings, options);

  return async ({ c, candidate, hire, placement }) => {
    const props = await panelProps(c, web, candidate, hire);
    if (placement === 'after_hire') {
      if (!props.eligibility.ok || props.handoff) return null;
      return SendToGusto({ href: reviewPath(candidate.id) });
    }

    return HandoffPanel(props);
  };
}
