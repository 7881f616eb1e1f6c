import type { Context } from 'hono';
import type { z } from 'zod';
import {
  attributeError,
  GustoApiError,
  type GustoErrorEntry,
  unprocessableError,
} from './errors.js';

/** Largest request body the sandbox reads; a bigger one is refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the request body as a JSON object. An empty body reads as `{}` so the missing fields are
 * reported one by one; malformed JSON or a non-object is a 422, an oversized body a 413.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await readCappedText(c.req.raw);
  if (text.trim() === '') return {};

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidBody('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidBody('The request body must be a JSON object.');
  }

  return parsed as Record<string, unknown>;
}

/** Reads a body and checks it against a field schema; failures become Gusto's 422 errors. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  return parseFields(schema, await readJsonObject(c));
}

/** Checks a parsed body against a field schema. */
export function parseFields<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;

  throw unprocessableError(result.error.issues.map(issueToError));
}

function issueToError(issue: z.core.$ZodIssue): GustoErrorEntry {
  const key = issue.path.length > 0 ? issue.path.map(String).join('.') : 'base';

  return attributeError(key, issue.message);
}

async function readCappedText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }

  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function invalidBody(message: string): GustoApiError {
  return new GustoApiError(422, [
    { error_key: 'base', category: 'invalid_request_error', message },
  ]);
}

function tooLarge(): GustoApiError {
  return new GustoApiError(413, [
    {
      error_key: 'base',
      category: 'invalid_request_error',
      message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    },
  ]);
}
