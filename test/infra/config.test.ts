import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readDeployConfig } from '#infra/app.ts';
import { DEFAULT_FEED_URL, FALLBACK_FEED_URL, INGEST_SCHEDULE } from '#shared/platform.ts';

function config(context: Record<string, unknown>) {
  return readDeployConfig(new App({ context }).node, undefined);
}

describe('deployment settings (CDK context)', () => {
  it('defaults to a cheap dev stage', () => {
    expect(config({})).toEqual({
      stage: 'dev',
      scheduleMinutes: INGEST_SCHEDULE.everyMinutes,
      feedUrl: DEFAULT_FEED_URL,
      feedFallbackUrl: FALLBACK_FEED_URL,
      archiveDays: 365,
      staleHours: 3,
      logRetention: RetentionDays.TWO_WEEKS,
      throttle: { rateLimit: 20, burstLimit: 40 },
      waf: undefined,
      corsOrigin: undefined,
      mfa: 'off',
      sesFromEmail: undefined,
      sesRegion: undefined,
      alarmEmail: undefined,
      region: undefined,
      siteDir: undefined,
    });
  });

  it('coerces the strings `-c key=value` passes', () => {
    expect(
      config({
        stage: 'prod',
        scheduleMinutes: '30',
        waf: 'true',
        wafRateLimit: '500',
        region: 'eu-west-3',
        logRetentionDays: '30',
      }),
    ).toMatchObject({
      stage: 'prod',
      scheduleMinutes: 30,
      waf: { rateLimit: 500 },
      region: 'eu-west-3',
      logRetention: RetentionDays.ONE_MONTH,
    });
  });

  it('refuses bad values, naming the key', () => {
    expect(() => config({ stage: 'staging' })).toThrow(/-c stage/);
    expect(() => config({ scheduleMinutes: '0' })).toThrow(/-c scheduleMinutes/);
    expect(() => config({ archiveDays: '20' })).toThrow(/-c archiveDays/);
    expect(() => config({ logRetentionDays: '10' })).toThrow(/-c logRetentionDays/);
    expect(() => config({ alarmEmail: 'nope' })).toThrow(/-c alarmEmail/);
    expect(() => config({ waf: 'yes' })).toThrow(/-c waf/);
    expect(() => config({ region: 'Paris' })).toThrow(/-c region/);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('needs the region for the WAF (its us-east-1 stack is referenced across regions), from -c or the CLI', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', '');
    expect(() => config({ waf: 'true' })).toThrow(/-c waf: needs the region/);
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-3');
    expect(config({ waf: 'true' })).toMatchObject({ waf: { rateLimit: 1000 }, region: 'eu-west-3' });
    expect(config({})).toMatchObject({ waf: undefined, region: undefined });
  });
});
