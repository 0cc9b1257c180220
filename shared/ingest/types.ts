import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Table } from '../db/client.ts';
import type { IngestRun } from '../db/runs.ts';

/**
 * What the ingest needs from its environment: clients and resource names, passed in. Not all of it yet: the
 * alerts hook (alerts-hook.ts) reads its function name from process.env and keeps its own Lambda client.
 */
export interface IngestDeps {
  table: Table;
  s3: S3Client;
  archiveBucket: string;
  dataBucket: string;
  /** Structured logger (Powertools Logger fits); defaults to one with service name `ingest`. */
  logger?: IngestLogger;
  /** Receives the CloudWatch EMF line of each run; defaults to console.log (stdout → CloudWatch). */
  emitMetrics?: (line: string) => void;
  /** Dimensions of those metrics, e.g. { FunctionName } (the CDK alarm uses the same). */
  metricDimensions?: Record<string, string>;
  /** The price-alerts function to hand each published run to (docs/ALERTS.md); none: alerts are off. */
  alerts?: AlertsTarget;
}

/** Where the alerts hook sends a published run: `alertsTarget(name)` in alerts-hook.ts builds one. */
export interface AlertsTarget {
  functionName: string;
  lambda: LambdaClient;
}

/** Structured extra fields of a log line. */
export type LogFields = Record<string, unknown>;

export interface IngestLogger {
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

export interface IngestOptions {
  /** URLs (http/https) or file paths, tried in order until one can be read. */
  sources: readonly string[];
  /** Publish even when validation refuses the feed, and re-ingest identical content. */
  force?: boolean;
  /** Who started the run: 'schedule', 'admin', 'cli', 'bench', 'test'… */
  trigger?: string;
  /** The Lambda's remaining time; the run stops with TIMEOUT, before publishing, when it runs short. */
  remainingMs?: () => number;
  limits?: Partial<IngestLimits>;
  /** Progress for a CLI (bytes read, stations parsed, items written). */
  onProgress?: (progress: IngestProgress) => void;
  /** The clock (tests). */
  now?: () => Date;
}

export interface IngestLimits {
  /** Compressed bytes read from a source. */
  maxBytes: number;
  /** Inflated XML bytes (passed to the feed reader). */
  maxXmlBytes: number;
  /** Time to get response headers, and the longest pause between two chunks of the body. */
  fetchTimeoutMs: number;
  /** Refuse a feed with fewer than (1 − maxShrink) × the stations of the last good run. */
  maxShrink: number;
  /** Refuse a feed whose unreadable records exceed this share of all records. */
  maxRejectedRatio: number;
  /** Stop (TIMEOUT) when less than this remains of the Lambda's time. */
  reserveMs: number;
  /** Lock lease when no remainingMs tells how long the run may take. */
  lockLeaseSeconds: number;
  /** BatchWrite batches in flight, and attempts per batch. */
  writeConcurrency: number;
  writeAttempts: number;
  /** Published snapshots kept (the current one included). */
  keepSnapshots: number;
}

export const DEFAULT_LIMITS: IngestLimits = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  maxXmlBytes: 200 * 1024 * 1024,
  fetchTimeoutMs: 20_000,
  maxShrink: 0.1,
  maxRejectedRatio: 0.02,
  reserveMs: 10_000,
  lockLeaseSeconds: 900,
  writeConcurrency: 6,
  writeAttempts: 8,
  keepSnapshots: 3,
});

export type IngestPhase = 'lock' | 'read' | 'diff' | 'write' | 'publish' | 'stats' | 'cleanup';

export interface IngestProgress {
  phase: IngestPhase;
  /** Compressed bytes read so far. */
  bytes: number;
  stations: number;
  /** Items written so far, and how many the write phase has to write. */
  written: number;
  toWrite: number;
}

export type { IngestRun };
