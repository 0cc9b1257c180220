import type { IncomingMessage } from 'node:http';

/**
 * The request body, or null past `limit` bytes. A Content-Length over the limit is refused before any
 * read, and reading stops at the limit, as API Gateway and the Lambda API answer 413 without the rest.
 */
export async function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
