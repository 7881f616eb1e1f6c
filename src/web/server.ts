import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { WebApp } from './context.js';

/** A listening HTTP server. */
export interface RunningServer {
  /** Base URL, such as `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the app on a host and port (0 picks a free port) and resolves once listening. */
export function startServer(
  app: WebApp,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () => new Promise((done, fail) => server.close((e) => (e ? fail(e) : done()))),
        });
      },
    );
    server.once('error', reject);
  });
}
