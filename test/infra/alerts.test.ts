// Over 300 lines on purpose: each configuration is synthesized once (~30 s) and shared by its cases.
/**
 * The price-alerts construct (infra/aws/alerts.ts), synthesized for real with and without an SES sender:
 * targeted assertions on least privilege, the ingest → evaluation wiring, the digest schedule and the bounce
 * path. (cdk-nag and CloudFormation validation run in every synth: a finding fails it.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_ROUTES } from '#infra/aws/alerts.ts';
import { CHANGES_PREFIX } from '#shared/alerts/changes.ts';
import { ALERTS_ENABLED_ENV } from '#shared/alerts/deployment.ts';
import { DIGEST_SCHEDULE, INVOKABLE_FUNCTIONS } from '#shared/platform.ts';
import {
  prop,
  refId,
  resourcesOf,
  roleStatements,
  type Statement,
  type Synthesized,
  synth,
} from './helpers/synth.ts';

const FROM = 'no-reply@plein.example';

function functionId(template: Template, prefix: string): string {
  const ids = Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) =>
    id.startsWith(prefix),
  );
  expect(ids, prefix).toHaveLength(1);
  return ids[0] ?? '';
}

/** The environment variables of the function with logical id `fnId`. */
function functionEnv(template: Template, fnId: string): Record<string, unknown> {
  return prop(
    resourcesOf(template, 'AWS::Lambda::Function')[fnId],
    'Properties',
    'Environment',
    'Variables',
  ) as Record<string, unknown>;
}

function roleOf(template: Template, fnId: string): string {
  return refId(resourcesOf(template, 'AWS::Lambda::Function')[fnId]?.Properties?.Role) ?? '';
}

/**
 * The config.json the site deployment writes: the staged asset of the pages deployment that holds it (tokens
 * such as the pool id are markers there), read from the cloud assembly.
 */
function deployedConfig(synthesized: Synthesized): Record<string, unknown> {
  const outdir = synthesized.app.outdir;
  const deployments = Object.values(resourcesOf(synthesized.template, 'Custom::CDKBucketDeployment'));
  const keys = deployments.flatMap((d) => (d.Properties?.SourceObjectKeys as string[] | undefined) ?? []);
  const files = keys
    .map((k) => join(outdir, `asset.${k.replace(/\.zip$/, '')}`, 'config.json'))
    .filter((f) => existsSync(f));
  expect(files, 'one deployment carries config.json').toHaveLength(1);
  return JSON.parse(readFileSync(files[0] as string, 'utf8')) as Record<string, unknown>;
}

/** ALERTS_ENABLED of each alert route's function. */
function alertRoutesEnv(template: Template): string[] {
  const fns = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
  return ALERT_ROUTES.map((key) => {
    const fn = fns.filter((f) => f.Properties?.Description === key);
    expect(fn, key).toHaveLength(1);
    return prop(fn[0], 'Properties', 'Environment', 'Variables', ALERTS_ENABLED_ENV) as string;
  });
}

const actions = (s: Statement) => [s.Action].flat();
const resources = (s: Statement) => [s.Resource].flat().map((r) => JSON.stringify(r));

describe('price alerts with an SES sender (sesFromEmail)', () => {
  let synthesized: Synthesized;
  let template: Template;
  let evaluate: string;
  let digest: string;
  let bounce: string;
  let ingest: string;
  beforeAll(() => {
    synthesized = synth({ context: { stage: 'prod', sesFromEmail: FROM } });
    template = synthesized.template;
    evaluate = functionId(template, 'AlertsEvaluateFunction');
    digest = functionId(template, 'AlertsDigestFunction');
    bounce = functionId(template, 'AlertsBounceFunction');
    ingest = functionId(template, 'IngestFunction');
  });

  it('config.json tells the site alerts are on, and the alert routes are told the same', () => {
    expect(deployedConfig(synthesized)).toMatchObject({ alerts: true, apiBase: '/api' });
    // GET/PUT /api/me/alerts and PUT /api/me/push-subscriptions (issue 19: no device saved where nothing is sent).
    expect(alertRoutesEnv(template)).toEqual(['true', 'true', 'true']);
  });

  it('the ingest invokes the evaluation, and only it, by the name in its environment', () => {
    const fns = resourcesOf(template, 'AWS::Lambda::Function');
    const name = fns[evaluate]?.Properties?.FunctionName as string;
    expect(name).toMatch(/^[A-Za-z0-9-]{1,64}$/);
    expect(prop(fns[ingest], 'Properties', 'Environment', 'Variables', INVOKABLE_FUNCTIONS.alerts.env)).toBe(
      name,
    );
    const invokes = roleStatements(template, roleOf(template, ingest)).filter((s) =>
      actions(s).includes('lambda:InvokeFunction'),
    );
    expect(invokes).toHaveLength(1);
    expect(resources(invokes[0] as Statement)).toEqual([
      expect.stringMatching(new RegExp(`:function:${name}"\\]\\]\\}$`)),
    ]);
    // Nothing else may invoke it: no other role names it.
    for (const [id] of Object.entries(fns)) {
      if (id === ingest) continue;
      const other = roleStatements(template, roleOf(template, id)).filter((s) =>
        actions(s).includes('lambda:InvokeFunction'),
      );
      for (const s of other) expect(resources(s).join(), id).not.toContain(name);
    }
  });

  it('the ingest writes the run’s changes under changes/ (which expire after a week)', () => {
    const puts = roleStatements(template, roleOf(template, ingest)).filter((s) =>
      actions(s).includes('s3:PutObject'),
    );
    expect(puts.flatMap(resources)).toContainEqual(
      expect.stringMatching(new RegExp(`StorageDataBucket.*"/${CHANGES_PREFIX}\\*"`)),
    );
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'expire-alert-changes',
            Prefix: CHANGES_PREFIX,
            ExpirationInDays: 7,
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('evaluation: async, retried twice then DLQ; reads changes/ and snapshot/ only; links to the CloudFront URL', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: evaluate },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsDeadLetterQueue'), 'Arn'] },
        },
      },
    });
    const statements = roleStatements(template, roleOf(template, evaluate));
    const reads = statements
      .filter((s) => actions(s).includes('s3:GetObject'))
      .flatMap(resources)
      .sort();
    expect(reads).toEqual([
      expect.stringMatching(/"\/changes\/\*"/),
      expect.stringMatching(/"\/snapshot\/\*"/),
    ]);
    expect(statements.some((s) => actions(s).some((a) => /^s3:(Put|Delete)/.test(a)))).toBe(false);
    const env = functionEnv(template, evaluate);
    expect(env).toMatchObject({
      ALERTS_FROM_EMAIL: `Plein <${FROM}>`,
      USER_POOL_ID: expect.anything(),
      TABLE_NAME: expect.anything(),
    });
    expect(JSON.stringify(env.SITE_URL)).toMatch(/https:\/\/.*WebDistribution.*DomainName/);
    expect(env.SES_CONFIGURATION_SET).toEqual({ Ref: expect.stringMatching(/^AlertsConfigurationSet/) });
  });

  it('SES: only SendRawEmail, only from the configured identity (address or domain) and configuration set', () => {
    for (const fn of [evaluate, digest]) {
      const ses = roleStatements(template, roleOf(template, fn)).filter((s) =>
        actions(s).some((a) => a.startsWith('ses:')),
      );
      expect(ses, fn).toHaveLength(1);
      const s = ses[0] as Statement;
      expect(actions(s)).toEqual(['ses:SendRawEmail']);
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': FROM } });
      const r = resources(s).join('\n');
      expect(r).toContain(`:identity/${FROM}`);
      expect(r).toContain(':identity/plein.example');
      expect(r).toContain(':configuration-set/');
      expect(resources(s)).toHaveLength(3);
    }
    for (const fn of [bounce, ingest]) {
      const ses = roleStatements(template, roleOf(template, fn)).filter((s) =>
        actions(s).some((a) => a.startsWith('ses:')),
      );
      expect(ses, fn).toEqual([]);
    }
  });

  it('Cognito: AdminGetUser for the senders (the address at send time), ListUsers for the bounce handler', () => {
    const cognito = (fn: string) =>
      roleStatements(template, roleOf(template, fn))
        .filter((s) => actions(s).some((a) => a.startsWith('cognito-idp:')))
        .flatMap(actions);
    expect(cognito(evaluate)).toEqual(['cognito-idp:AdminGetUser']);
    expect(cognito(digest)).toEqual(['cognito-idp:AdminGetUser']);
    expect(cognito(bounce)).toEqual(['cognito-idp:ListUsers']);
  });

  it('the digest runs on an EventBridge Scheduler cron in Europe/Paris, Monday morning', () => {
    const s = DIGEST_SCHEDULE;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: `cron(${s.minute}/${s.retryEveryMinutes} ${s.hour}-${s.untilHour - 1} ? * MON *)`,
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [digest, 'Arn'] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Weekly digest'),
      Timeout: 900,
    });
  });

  it('bounces and complaints: configuration set → encrypted TLS-only topic → bounce function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^AlertsBounceTopic') } },
      }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'Plein SES bounces and complaints',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertsBounceTopicKey'), 'Arn'] },
    });
    const policies = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy')).filter((p) =>
      JSON.stringify(p.Properties?.Topics).includes('AlertsBounceTopic'),
    );
    const doc = JSON.stringify(policies.map((p) => p.Properties?.PolicyDocument));
    expect(doc).toContain('"aws:SecureTransport":"false"');
    expect(doc).toContain('ses.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [bounce, 'Arn'] },
      TopicArn: { Ref: Match.stringLikeRegexp('^AlertsBounceTopic') },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('alarms on evaluation errors, the DLQ and digest errors', () => {
    for (const description of [
      /^Price-alert evaluation failed/,
      /could not be evaluated after retries/,
      /^The weekly digest failed/,
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: Match.stringLikeRegexp(description.source),
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^MonitoringAlarmTopic') }],
      });
    }
  });
});

describe('price alerts without an SES sender', () => {
  it('config.json tells the site alerts are off, and the alert routes are told the same', () => {
    const synthesized = synth();
    expect(deployedConfig(synthesized)).toMatchObject({ alerts: false, apiBase: '/api' });
    expect(alertRoutesEnv(synthesized.template)).toEqual(['false', 'false', 'false']);
  });

  it('deploy nothing, say so, and leave the ingest unchanged', () => {
    const { stack, template } = synth();
    expect(
      Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) => id.startsWith('Alerts')),
    ).toEqual([]);
    // The names refresh has its own schedule (specs/names.ts); no digest one.
    expect(
      Object.keys(resourcesOf(template, 'AWS::Scheduler::Schedule')).filter((id) => !id.startsWith('Names')),
    ).toEqual([]);
    Annotations.fromStack(stack).hasWarning(
      '/Plein-dev/Alerts',
      Match.stringLikeRegexp('Price alerts and the weekly digest are DISABLED'),
    );
    const ingest = functionId(template, 'IngestFunction');
    const env = functionEnv(template, ingest);
    expect(env).not.toHaveProperty(INVOKABLE_FUNCTIONS.alerts.env);
  });

  it('with the identity in another region: sending works from there, bounces are not wired (and it says so)', () => {
    const { stack, template } = synth({ context: { sesFromEmail: FROM, sesRegion: 'eu-west-1' } });
    const evaluate = functionId(template, 'AlertsEvaluateFunction');
    const ses = roleStatements(template, roleOf(template, evaluate)).filter((s) =>
      actions(s).includes('ses:SendRawEmail'),
    );
    expect(resources(ses[0] as Statement).join()).toContain(':ses:eu-west-1:');
    expect(Object.keys(resourcesOf(template, 'AWS::SES::ConfigurationSet'))).toEqual([]);
    Annotations.fromStack(stack).hasWarning(
      '/Plein-dev/Alerts',
      Match.stringLikeRegexp('bounces and complaints are not wired'),
    );
  });
});

/** An ARN as text: Fn::Join flattened, references as `<Name>`, so two spellings of one ARN compare equal. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (v?.Ref) return `<${v.Ref}>`;
  if (v?.['Fn::Join']) return v['Fn::Join'][1].map(arnText).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

describe('Cognito and the alerts send from the same SES identity', () => {
  /** The user pool's email settings and the evaluation's SES statement, from one synth. */
  function senders(context: Record<string, string>) {
    const { template } = synth({ context });
    const pools = Object.values(resourcesOf(template, 'AWS::Cognito::UserPool'));
    const email = pools[0]?.Properties?.EmailConfiguration as Record<string, unknown>;
    const evaluate = functionId(template, 'AlertsEvaluateFunction');
    const ses = roleStatements(template, roleOf(template, evaluate)).find((s) =>
      actions(s).includes('ses:SendRawEmail'),
    ) as Statement;
    const env = functionEnv(template, evaluate);
    return {
      email,
      sourceArn: arnText(email.SourceArn),
      sendArns: [ses.Resource].flat().map(arnText),
      fromAddress: (ses.Condition as { StringEquals: Record<string, string> }).StringEquals[
        'ses:FromAddress'
      ],
      alertsFrom: env.ALERTS_FROM_EMAIL,
    };
  }

  it('a verified address (default): Cognito’s SourceArn is the address identity, the alerts send from it too', () => {
    const s = senders({ stage: 'prod', sesFromEmail: FROM });
    expect(s.email).toMatchObject({ EmailSendingAccount: 'DEVELOPER', From: `Plein <${FROM}>` });
    expect(s.sourceArn).toBe(`arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/${FROM}`);
    expect(s.sendArns, 'the alerts may send from Cognito’s identity').toContain(s.sourceArn);
    expect(s.fromAddress).toBe(FROM);
    expect(s.alertsFrom).toBe(s.email.From);
  });

  it('a verified domain (-c sesIdentity=domain): both name the domain identity, in the same region', () => {
    const s = senders({ sesFromEmail: FROM, sesIdentity: 'domain', sesRegion: 'eu-west-1' });
    expect(s.sourceArn).toBe('arn:<AWS::Partition>:ses:eu-west-1:<AWS::AccountId>:identity/plein.example');
    expect(s.sendArns).toContain(s.sourceArn);
    expect(s.sendArns).toContain(`arn:<AWS::Partition>:ses:eu-west-1:<AWS::AccountId>:identity/${FROM}`);
    expect(s.fromAddress).toBe(FROM);
    expect(s.alertsFrom).toBe(s.email.From);
  });
});
