import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SCHEMA } from '#shared/db/schema.ts';
import { prop, refId, resourcesOf, statementsOf, synth } from '../helpers/synth.ts';

describe('the table', () => {
  let dev: Template;
  let prod: Template;
  beforeAll(() => {
    dev = synth().template;
    prod = synth({ context: { stage: 'prod' } }).template;
  });

  it('is TABLE_SCHEMA: keys, GSIs, TTL, on-demand', () => {
    const s = TABLE_SCHEMA;
    const attributes = [
      s.partitionKey,
      s.sortKey,
      ...s.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
    ];
    dev.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: s.partitionKey, KeyType: 'HASH' },
        { AttributeName: s.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(
        [...new Set(attributes)].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: s.globalIndexes.map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: s.ttlAttribute, Enabled: true },
    });
  });

  it('has point-in-time recovery, deletion protection and RETAIN in prod', () => {
    prod.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });

  it('has none of them in dev (DESTROY)', () => {
    dev.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
            DeletionProtectionEnabled: false,
          }),
        ],
      }),
    });
  });
});

describe('the buckets', () => {
  let dev: Template;
  let prod: Template;
  beforeAll(() => {
    dev = synth().template;
    prod = synth({ context: { stage: 'prod', archiveDays: '400' } }).template;
  });

  it('are all private, encrypted and TLS-only', () => {
    const buckets = resourcesOf(dev, 'AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBe(4);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.BucketEncryption, id).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
    const policies = Object.values(resourcesOf(dev, 'AWS::S3::BucketPolicy'));
    for (const id of Object.keys(buckets)) {
      const policy = policies.find((p) => refId(p.Properties?.Bucket) === id);
      expect(JSON.stringify(policy?.Properties?.PolicyDocument), id).toContain(
        '"aws:SecureTransport":"false"',
      );
    }
  });

  it('archive: versioned, Infrequent Access after 30 days, expiry after archiveDays, old versions expire', () => {
    prod.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
            ExpirationInDays: 400,
            NoncurrentVersionExpiration: { NoncurrentDays: 7 },
          }),
        ]),
      },
    });
    dev.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
  });

  it('are retained in prod and emptied then deleted in dev (the site bucket is always disposable)', () => {
    const retained = Object.values(resourcesOf(prod, 'AWS::S3::Bucket')).filter(
      (b) => b.DeletionPolicy === 'Retain',
    );
    expect(retained.length).toBe(3);
    expect(
      Object.values(resourcesOf(dev, 'AWS::S3::Bucket')).every((b) => b.DeletionPolicy === 'Delete'),
    ).toBe(true);
    dev.resourceCountIs('Custom::S3AutoDeleteObjects', 4);
    prod.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
  });

  it('log their access to the access-log bucket', () => {
    const withLogs = Object.values(resourcesOf(dev, 'AWS::S3::Bucket')).filter(
      (b) => b.Properties?.LoggingConfiguration,
    );
    expect(
      withLogs.map((b) => prop(b, 'Properties', 'LoggingConfiguration', 'LogFilePrefix')).sort(),
    ).toEqual(['s3/archive/', 's3/data/', 's3/site/']);
  });

  it('data bucket: readable only under snapshot/, names/ and history/v1/, writable by the ingest, the names function (names/) and the backfill (history/v1/)', () => {
    const writers = Object.values(resourcesOf(dev, 'AWS::IAM::Policy')).flatMap((p) =>
      statementsOf(p)
        .filter(
          (s) =>
            JSON.stringify(s.Action).includes('s3:PutObject') &&
            JSON.stringify(s.Resource).includes('StorageDataBucket'),
        )
        .map((s) => ({ roles: JSON.stringify(p.Properties?.Roles), resource: JSON.stringify(s.Resource) })),
    );
    expect(writers.filter((w) => /IngestFunctionRole/.test(w.roles))).toHaveLength(1);
    // The names table (issue 16, docs/NAMES.md): its own function writes it, under names/ only.
    const others = writers.filter((w) => !/IngestFunctionRole/.test(w.roles));
    expect(others.map((w) => w.roles)).toEqual([
      expect.stringMatching(/NamesFunctionRole/),
      expect.stringMatching(/BackfillFunctionRole/),
    ]);
    expect(others[0]?.resource).toContain('/names/*');
    // The history backfill (issue 18): under history/ only.
    expect(others[1]?.resource).toContain('/history/v1/*');
    const readers = Object.values(resourcesOf(dev, 'AWS::IAM::Policy')).flatMap((p) =>
      statementsOf(p).filter(
        (s) => s.Action === 's3:GetObject' && JSON.stringify(s.Resource).includes('StorageDataBucket'),
      ),
    );
    // Besides snapshot/, the names function reads names/, the API the names table (GET /api/names) alone and
    // the backfilled history/v1/ (GET /api/stations/{id}/history, GET /api/trends).
    for (const s of readers)
      expect(JSON.stringify(s.Resource)).toMatch(
        /\/(snapshot|names|history\/v1)\/\*"|\/names\/current\.json\*"/,
      );
  });
});
