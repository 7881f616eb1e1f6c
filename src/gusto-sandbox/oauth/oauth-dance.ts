/**
 * Drives the sandbox's sign-in and consent pages over plain HTTP, the way a browser would, for
 * tests of anything that needs a company token obtained through the real OAuth flow.
 */

/** A fetch that keeps cookies between requests and never follows redirects. */
export class CookieJarClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** GET a path or absolute URL. */
  get(target: string): Promise<Response> {
    return this.send(target, { method: 'GET' });
  }

  /** POST an HTML form. */
  postForm(target: string, fields: Record<string, string>): Promise<Response> {
    return this.send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async send(target: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(new URL(target, this.baseUrl), {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) this.keep(line);

    return response;
  }

  private keep(setCookie: string): void {
    const [pair] = setCookie.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq < 0) return;
    this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

/** The hidden inputs of a page's forms (the last one wins when a name repeats). */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    fields[decodeHtml(match[1] ?? '')] = decodeHtml(match[2] ?? '');
  }

  return fields;
}

/** The companies offered on a consent page, by name. */
export function companyChoices(html: string): Record<string, string> {
  const choices: Record<string, string> = {};
  const radios = /<input type="radio" name="company_uuid" value="([^"]+)"\/?>\s*([^<]+)<\/label>/g;
  for (const match of html.matchAll(radios)) {
    choices[decodeHtml((match[2] ?? '').trim())] = match[1] ?? '';
  }

  return choices;
}

function decodeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** What the dance needs: the application, who signs in, and which company to pick. */
export interface OAuthDanceInput {
  client_id: string;
  redirect_uri: string;
  state?: string;
  email: string;
  password: string;
  /** Company to pick on the consent page when the admin runs several. */
  company_name?: string;
  decision?: 'authorize' | 'deny';
}

/**
 * Signs in, consents, and returns the redirect back to the client (with `code` or `error`).
 * Throws with the page's status when a step does not go as a well-formed flow would.
 */
export async function runOAuthDance(baseUrl: string, input: OAuthDanceInput): Promise<URL> {
  const client = new CookieJarClient(baseUrl);
  const query = new URLSearchParams({
    client_id: input.client_id,
    redirect_uri: input.redirect_uri,
    response_type: 'code',
  });
  if (input.state !== undefined) query.set('state', input.state);
  const authorize = `/oauth/authorize?${query}`;

  const signInPage = await expectStatus(await client.get(authorize), 200);
  const signedIn = await client.postForm('/oauth/sign_in', {
    ...hiddenFields(signInPage),
    email: input.email,
    password: input.password,
  });
  await expectStatus(signedIn, 303);

  const consentPage = await expectStatus(await client.get(authorize), 200);
  const decision = await client.postForm('/oauth/authorize', {
    ...hiddenFields(consentPage),
    ...companyField(consentPage, input.company_name),
    decision: input.decision ?? 'authorize',
  });
  await expectStatus(decision, 302);

  return new URL(decision.headers.get('location') ?? '');
}

function companyField(
  consentPage: string,
  company_name: string | undefined,
): Record<string, string> {
  const choices = companyChoices(consentPage);
  if (Object.keys(choices).length === 0) return {};
  const uuid = company_name ? choices[company_name] : undefined;
  if (!uuid) throw new Error(`consent page offers ${Object.keys(choices).join(', ')}; pick one`);

  return { company_uuid: uuid };
}

async function expectStatus(response: Response, status: number): Promise<string> {
  const body = await response.text();
  if (response.status !== status) {
    throw new Error(
      `${response.url}: expected ${status}, got ${response.status}: ${body.slice(0, 300)}`,
    );
  }

  return body;
}
