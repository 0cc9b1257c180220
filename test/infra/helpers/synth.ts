import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createApp } from '#infra/app.ts';
import type { EdgeStack } from '#infra/aws/edge.ts';
import { PROJECT_ROOT } from '#infra/aws/plein-function.ts';
import type { DeployConfig, PleinStack } from '#infra/aws/plein-stack.ts';

/** The context `npx cdk synth` sees: cdk.json's (feature flags included), then the test's overrides. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface Synthesized {
  app: App;
  stack: PleinStack;
  config: DeployConfig;
  template: Template;
  /** The us-east-1 stack of the CloudFront web ACL, with `-c waf=true`. */
  edge?: EdgeStack;
  edgeTemplate?: Template;
}

export interface SynthOptions {
  /** `-c key=value` overrides (values as strings, like the CLI passes them). */
  context?: Record<string, string>;
  /** A built site to deploy; by default none (tests never depend on `npm run build`). */
  siteDir?: string | null;
}

const cache = new Map<string, Synthesized>();

/**
 * One cloud-assembly directory per worker: CDK keys its in-process bundling cache by output directory, so every
 * synth in this worker after the first reuses the esbuild bundles instead of running esbuild again.
 */
export const SYNTH_OUTDIR = join(tmpdir(), `plein-infra-synth-${process.pid}-${threadId}`);

/**
 * Synthesizes the real app (real handlers bundled by esbuild, cdk-nag and CloudFormation validation on) once
 * per distinct options in this worker. Synthesis throws if a validation plugin reports anything.
 */
export function synth(options: SynthOptions = {}): Synthesized {
  const key = JSON.stringify(options);
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack, edge, config } = createApp({
    context: { ...cdkJsonContext(), ...options.context },
    siteDir: options.siteDir ?? null,
    outdir: SYNTH_OUTDIR,
  });
  const template = Template.fromStack(stack);
  const result = { app, stack, config, template, edge, edgeTemplate: edge && Template.fromStack(edge) };
  cache.set(key, result);
  return result;
}

/** A tiny "built site": index.html, 404.html and one hashed asset. */
export function fakeSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plein-site-'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Plein</title>',
    '404.html': '<!doctype html><title>Not found</title>',
    '_astro/app.abc123.js': 'console.log(1)',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown }>;

/** All resources of a type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The logical id of a `{ Ref }` or `{ Fn::GetAtt: [id, attr] }`. */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
    if (typeof v.Ref === 'string') return v.Ref;
    if (Array.isArray(v['Fn::GetAtt']) && typeof v['Fn::GetAtt'][0] === 'string') return v['Fn::GetAtt'][0];
  }
  return undefined;
}

export interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect?: string;
  Condition?: unknown;
}

/** The statements of one AWS::IAM::Policy resource. */
export function statementsOf(policy: { Properties?: Record<string, unknown> } | undefined): Statement[] {
  return (policy?.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [];
}

/** Every statement of the policies attached to a role (by logical id). */
export function roleStatements(template: Template, roleId: string | undefined): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((p) => roleId && JSON.stringify(p.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap((p) => statementsOf(p));
}

/** A nested property, or undefined: `prop(resource, 'Properties', 'Code', 'S3Key')`. */
export function prop(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}
