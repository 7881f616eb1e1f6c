import type { WebApp } from '../context.js';
import { renderPage } from '../layout.js';
import { requireUser } from '../require-user.js';

/**
 * The Integrations page. Its tiles come from `AppDeps.integrationTiles`; the core has none of
 * its own, so without them the page says no integration is available.
 */
export function mountIntegrationRoutes(app: WebApp): void {
  app.get('/integrations', requireUser, async (c) => {
    const tiles = c.var.deps.integrationTiles ?? [];
    const input = { c, user: c.var.user, account: c.var.account };
    const rendered = await Promise.all(tiles.map((tile) => tile(input)));

    return renderPage(
      c,
      { title: 'Integrations', active: 'integrations' },
      <>
        <h1>Integrations</h1>
        <section aria-label="Available integrations" class="grid" id="integrations">
          {rendered.length === 0 ? (
            <p class="muted">No integrations are available yet.</p>
          ) : (
            rendered
          )}
        </section>
      </>,
    );
  });
}
