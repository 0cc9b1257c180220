import { type App, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createApp } from '#infra/app.ts';
import { cdkJsonContext, fakeSite, SYNTH_OUTDIR, type SynthOptions, synth } from '../helpers/synth.ts';

/** What cdk-nag (AwsSolutions) still reports after the acknowledgements: rule and construct path. */
function unacknowledged(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`),
  );
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

const STAGES: Record<string, SynthOptions> = {
  dev: {},
  prod: { context: { stage: 'prod' } },
  'prod with every option': {
    context: {
      stage: 'prod',
      waf: 'true',
      region: 'eu-west-3',
      corsOrigin: 'http://localhost:4321',
      mfa: 'optional',
      sesFromEmail: 'no-reply@plein.example',
      alarmEmail: 'ops@plein.example',
    },
    siteDir: fakeSite(),
  },
};

describe('cdk-nag AwsSolutions', () => {
  for (const [name, options] of Object.entries(STAGES)) {
    it(`reports nothing unacknowledged for ${name}`, () => {
      const { app } = synth(options);
      expect(unacknowledged(app)).toEqual([]);
    });
  }

  it('acknowledges each finding with a specific reason', () => {
    const acks = acknowledgements(synth(STAGES['prod with every option'] ?? {}).app);
    expect(acks.length).toBeGreaterThan(10);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const { app, stack } = createApp({ context: cdkJsonContext(), siteDir: null, outdir: SYNTH_OUTDIR });
    new Queue(stack, 'UnreviewedQueue');
    expect(unacknowledged(app)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS3 at Plein-dev/UnreviewedQueue/Resource',
        'AwsSolutions-SQS4 at Plein-dev/UnreviewedQueue/Resource',
      ]),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});

describe('CloudFormation template validation (the cfn-lint rules bundled with aws-cdk-lib)', () => {
  it('turns template errors into synth errors', () => {
    expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  it('passes for every stage: the assembly holds each stack with no error (the synth throws otherwise)', () => {
    for (const [name, options] of Object.entries(STAGES)) {
      const { app, stack } = synth(options);
      const artifact = app.synth().getStackArtifact(stack.artifactId);
      expect(artifact.stackName, name).toBe(stack.stackName);
      expect(
        artifact.messages.filter((m) => m.level === 'error').map((m) => `${m.id}: ${String(m.entry.data)}`),
        name,
      ).toEqual([]);
    }
  });
});
