/**
 * The streaming feed reader: raw bytes (ZIP or XML) → normalized Station records, one at a time.
 * See docs/FEED.md for the rules, flags and error codes.
 */
export { csvField, FEED_CSV_HEADER, stationToCsv } from './csv.ts';
export { FeedError, type FeedErrorCode, isFeedError } from './errors.ts';
export { PRICE_BOUNDS } from './normalize.ts';
export { type FeedOptions, FeedParser } from './parser.ts';
export { type ByteSource, type ParseFeedOptions, parseFeed, type ReadOptions, readFeed } from './read.ts';
export type { FeedReject, FeedSummary, FlagStats, RejectKind } from './summary.ts';
