import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Node } from 'constructs';
import * as z from 'zod';
import { DEFAULT_FEED_URL, FALLBACK_FEED_URL, INGEST_SCHEDULE } from '#shared/platform.ts';
import { EdgeStack } from './aws/edge.ts';
import { PROJECT_ROOT } from './aws/plein-function.ts';
import { type DeployConfig, PleinStack } from './aws/plein-stack.ts';

/**
 * The CDK app: the only place that reads deployment settings (CDK context: cdk.json or `-c key=value`).
 * `npx cdk deploy -c stage=prod` deploys the stack `Plein-prod`; docs/DEPLOY.md lists every flag.
 */

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const retention = z.coerce
  .number()
  .refine((days) => (Object.values(RetentionDays) as unknown[]).includes(days), {
    message: 'must be a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, …)',
  })
  .transform((days) => days as RetentionDays);

/** Every context key the app understands, with its default. Strings from `-c` are coerced. */
const contextSchema = z.object({
  stage: z.enum(['dev', 'prod']).default('dev'),
  scheduleMinutes: int(1, 1440).default(INGEST_SCHEDULE.everyMinutes),
  feedUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_FEED_URL),
  /** Read when feedUrl cannot be; `-c feedFallbackUrl=` (empty) for none. */
  feedFallbackUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(FALLBACK_FEED_URL),
  archiveDays: int(31, 36500).default(365),
  staleHours: int(1, 24).default(3),
  logRetentionDays: retention.optional(),
  throttleRate: z.coerce.number().positive().max(10_000).default(20),
  throttleBurst: int(1, 5000).default(40),
  waf: flag.default(false),
  wafRateLimit: int(10, 2_000_000_000).default(1000),
  corsOrigin: z.url({ protocol: /^https?$/ }).optional(),
  mfa: z.enum(['off', 'optional']).default('off'),
  sesFromEmail: z.email().optional(),
  sesRegion: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .optional(),
  /** What is verified in SES for sesFromEmail: the address itself, or its domain (Cognito and alerts agree). */
  sesIdentity: z.enum(['address', 'domain']).optional(),
  alarmEmail: z.email().optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .optional(),
});

type ContextKey = keyof z.input<typeof contextSchema>;
export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as ContextKey[];

/** Reads and validates the deployment settings; a bad value stops the synth with the key named. */
export function readDeployConfig(node: Node, siteDir: string | undefined): DeployConfig {
  const raw = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)]).filter(([, v]) => v !== undefined),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  -c ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid CDK context for Plein:\n${problems}`);
  }
  const c = parsed.data;
  const production = c.stage === 'prod';
  // The CLI sets CDK_DEFAULT_REGION from the profile; the WAF's cross-region reference needs it at synth time.
  const region = c.region ?? process.env.CDK_DEFAULT_REGION;
  if (c.waf && !region) {
    throw new Error(
      'Invalid CDK context for Plein:\n  -c waf: needs the region to deploy to: -c region=… (the CDK CLI sets it)',
    );
  }
  return {
    stage: c.stage,
    scheduleMinutes: c.scheduleMinutes,
    feedUrl: c.feedUrl,
    feedFallbackUrl: c.feedFallbackUrl,
    archiveDays: c.archiveDays,
    staleHours: c.staleHours,
    logRetention: c.logRetentionDays ?? (production ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS),
    throttle: { rateLimit: c.throttleRate, burstLimit: c.throttleBurst },
    waf: c.waf ? { rateLimit: c.wafRateLimit } : undefined,
    region: c.waf ? region : c.region,
    corsOrigin: c.corsOrigin?.replace(/\/$/, ''),
    mfa: c.mfa,
    sesFromEmail: c.sesFromEmail,
    sesRegion: c.sesRegion,
    sesIdentity: c.sesFromEmail ? (c.sesIdentity ?? 'address') : undefined,
    alarmEmail: c.alarmEmail,
    siteDir,
  };
}

/** web/dist when it has been built (`npm run build`), else undefined. */
export function builtSiteDir(): string | undefined {
  const dir = join(PROJECT_ROOT, 'web', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

export interface CreateAppOptions {
  /** CDK context (tests pass cdk.json's context plus overrides; the CLI passes it through the environment). */
  readonly context?: Record<string, unknown>;
  /** Override the built-site lookup: a directory, or null for "no site". */
  readonly siteDir?: string | null;
  readonly outdir?: string;
}

/** The app with its one stack and cdk-nag (AwsSolutions) as a validation plugin: findings fail the synth. */
export function createApp(options: CreateAppOptions = {}): {
  app: App;
  stack: PleinStack;
  edge?: EdgeStack;
  config: DeployConfig;
} {
  const app = new App({ context: options.context, outdir: options.outdir });
  const siteDir = options.siteDir === undefined ? builtSiteDir() : (options.siteDir ?? undefined);
  const config = readDeployConfig(app.node, siteDir);
  // The distribution's web ACL must be in us-east-1: a small stack there, referenced across regions.
  const edge = config.waf
    ? new EdgeStack(app, `Plein-${config.stage}-Edge`, {
        rateLimit: config.waf.rateLimit,
        description: `Plein (${config.stage}): the CloudFront web ACL (us-east-1)`,
      })
    : undefined;
  const stack = new PleinStack(app, `Plein-${config.stage}`, {
    config,
    webAclArn: edge?.webAcl.attrArn,
    env: config.region ? { region: config.region } : undefined,
    crossRegionReferences: Boolean(edge),
    description: `Plein (${config.stage}): French fuel prices — site, API, ingest`,
  });
  Tags.of(app).add('project', 'plein');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, edge, config };
}

if (import.meta.main) createApp();
