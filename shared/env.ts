import * as z from 'zod';

/**
 * Reads and validates environment variables once, at module scope, so a missing variable fails the cold
 * start with a clear message instead of a request later. The result is frozen.
 */
export function readEnv<S extends z.ZodRawShape>(shape: S, source: NodeJS.ProcessEnv = process.env) {
  const parsed = z.object(shape).safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid or missing environment variables: ${fields}`);
  }
  return Object.freeze(parsed.data);
}
