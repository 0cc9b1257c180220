import { describe, expect, test } from 'vitest';
import { ROUTES } from '#functions/http/routes.ts';
import { generateOpenApiDocument, readCommittedDocument } from '../../../scripts/openapi.ts';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  responses: Record<string, { content?: { 'application/json': { schema: Record<string, unknown> } } }>;
  security: unknown[];
};

const doc = (await generateOpenApiDocument()) as Doc;

describe('the OpenAPI document', () => {
  test('has an operation for every route of THE route table, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(doc.openapi).toBe('3.1.0');
  });

  test('the served file is the generated one (run `node scripts/openapi.ts` after changing a route)', async () => {
    expect(await readCommittedDocument()).toEqual(doc);
  });

  test('parameters come from the zod schemas that validate the requests', () => {
    const op = doc.paths['/api/stations']?.get as Operation;
    const param = (name: string) => op.parameters?.find((p) => p.name === name);
    expect(param('lat')).toMatchObject({
      in: 'query',
      required: true,
      schema: { type: 'number', minimum: -90, maximum: 90 },
    });
    expect(param('radiusKm')).toMatchObject({
      required: false,
      schema: { type: 'number', default: 5, exclusiveMinimum: 0, maximum: 50 },
    });
    expect(param('limit')).toMatchObject({
      required: false,
      schema: { type: 'integer', default: 20, minimum: 1, maximum: 100 },
    });
    expect(param('openNow')).toMatchObject({ schema: { type: 'boolean', default: false } });
    expect(param('sort')?.schema).toMatchObject({ enum: ['distance', 'price'] });
    const station = doc.paths['/api/stations/{id}']?.get as Operation;
    expect(station.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ pattern: '^\\d{7,8}$' }),
      }),
    ]);
  });

  test('responses: the body schema, 304 for conditional routes, errors; every $ref resolves', () => {
    const op = doc.paths['/api/stations']?.get as Operation;
    expect(op.responses['200']?.content?.['application/json'].schema).toEqual({
      $ref: '#/components/schemas/NearbyResponse',
    });
    expect(Object.keys(op.responses)).toEqual(['200', '304', '400', '503']);
    expect(op.security).toEqual([]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).toHaveProperty(ref as string);
  });

  test('private routes require the bearer token', () => {
    const privateOps = ROUTES.filter((r) => r.auth !== 'public').map(
      (r) => doc.paths[r.path]?.[r.method.toLowerCase()] as Operation,
    );
    for (const op of privateOps) expect(op.security).toEqual([{ cognito: [] }]);
  });
});
