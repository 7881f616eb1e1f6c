import { classify } from '../gusto-client/classify.js';
import { revokeToken } from '../gusto-client/oauth.js';
import type { GustoConnectionDeps } from './deps.js';

/**
 * Revokes a sealed token at Gusto, best effort: a failure is logged and reported as `false`,
 * never thrown, because the local change it accompanies must happen either way.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeQuietly(
  deps: GustoConnectionDeps,
  sealedToken: string,
  context: Record<string, string>,
): Promise<boolean> {
  const { settings } = deps;
  try {
    await revokeToken(
      {
        baseUrl: settings.baseUrl,
        client_id: settings.client_id,
        client_secret: settings.client_secret,
        token: deps.secretBox.open(sealedToken),
      },
      { fetch: settings.fetch, logger: deps.logger },
    );

    return true;
  } catch (error) {
    deps.logger.warn({ ...context, reason: classify(error).reason }, 'gusto revoke failed');

    return false;
  }
}
