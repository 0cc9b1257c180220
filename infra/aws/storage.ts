import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#shared/db/schema.ts';
import type { BucketKey } from '#shared/platform.ts';
import { acknowledge } from './nag.ts';

export interface StorageProps {
  /** prod: point-in-time recovery, deletion protection, RETAIN. dev: none of these, DESTROY + auto-delete. */
  readonly production: boolean;
  /** Raw feed archive objects expire after this many days (they move to Infrequent Access at 30). */
  readonly archiveDays: number;
  /** Days to keep S3/CloudFront access logs. */
  readonly accessLogDays: number;
}

/**
 * The stateful part of Plein: THE table (from TABLE_SCHEMA), the feed archive, the published data, and the
 * bucket that receives S3 and CloudFront access logs. Construct ids here must never change: a new id is a new
 * (empty) table or bucket.
 */
export class Storage extends Construct {
  readonly table: TableV2;
  readonly archiveBucket: Bucket;
  readonly dataBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly removalPolicy: RemovalPolicy;
  readonly production: boolean;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.production = props.production;
    this.removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const s = TABLE_SCHEMA;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: s.partitionKey, type: AttributeType.STRING },
      sortKey: { name: s.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: s.ttlAttribute,
      globalSecondaryIndexes: s.globalIndexes.map((g) => ({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: AttributeType.STRING },
        sortKey: { name: g.sortKey, type: AttributeType.STRING },
      })),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.production },
      deletionProtection: props.production,
      removalPolicy: this.removalPolicy,
    });
    if (!props.production) {
      acknowledge(
        this.table,
        'dev stage only: the table is disposable test data rebuilt by the next ingest; prod has point-in-time recovery.',
        'AwsSolutions-DDB3',
      );
    }

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      ...this.privateBucket(),
      // CloudFront standard logging writes with an ACL, so ACLs stay enabled on this bucket (and only this one).
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(props.accessLogDays) }],
    });
    acknowledge(
      this.accessLogsBucket,
      'This is the access-log bucket itself: logging its own access would log the log writes, endlessly.',
      'AwsSolutions-S1',
    );

    this.archiveBucket = new Bucket(this, 'ArchiveBucket', {
      ...this.privateBucket('archive'),
      versioned: true,
      lifecycleRules: [
        {
          id: 'archive-raw-feeds',
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(props.archiveDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
    });

    this.dataBucket = new Bucket(this, 'DataBucket', {
      ...this.privateBucket('data'),
      lifecycleRules: [{ id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
  }

  /**
   * Private, encrypted, TLS 1.2+ only, no ACLs; server access logs to the log bucket under `s3/<key>/`.
   * Also used for the site bucket (web.ts).
   */
  privateBucket(logKey?: BucketKey): BucketProps {
    return {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: this.removalPolicy,
      autoDeleteObjects: !this.production,
      ...(logKey
        ? { serverAccessLogsBucket: this.accessLogsBucket, serverAccessLogsPrefix: `s3/${logKey}/` }
        : {}),
    };
  }
}
