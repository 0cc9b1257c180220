/**
 * The streaming feed reader: raw bytes (ZIP or XML) → normalized Station records, one at a time.
 * See docs/FEED.md for the rules, flags and error codes.
 */
export { FEED_CSV_HEADER, stationToCsv } from './csv.ts';
export { FeedError, isFeedError } from './errors.ts';
export { FeedParser } from './parser.ts';
export { type ByteSource, parseFeed, type ReadOptions, readFeed } from './read.ts';
export type { FeedReject, FeedSummary } from './summary.ts';
