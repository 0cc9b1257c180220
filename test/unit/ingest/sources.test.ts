import { describe, expect, test } from 'vitest';
import { feedSources } from '#shared/ingest/source.ts';
import { DEFAULT_FEED_URL, FALLBACK_FEED_URL } from '#shared/platform.ts';

describe('feed sources', () => {
  test('by default: the feed with stock-outs, then the plain feed, then the local file', () => {
    expect(feedSources({ file: '/f.zip' })).toEqual([DEFAULT_FEED_URL, FALLBACK_FEED_URL, '/f.zip']);
    expect(feedSources({ url: DEFAULT_FEED_URL })).toEqual([DEFAULT_FEED_URL, FALLBACK_FEED_URL]);
  });

  test('a custom feed URL has no implied fallback URL; an explicit one, or none (""), is obeyed', () => {
    expect(feedSources({ url: 'http://127.0.0.1:9/x', file: '/f.zip' })).toEqual([
      'http://127.0.0.1:9/x',
      '/f.zip',
    ]);
    expect(feedSources({ url: 'https://a.example/x', fallbackUrl: 'https://b.example/y' })).toEqual([
      'https://a.example/x',
      'https://b.example/y',
    ]);
    expect(feedSources({ fallbackUrl: '', file: '/f.zip' })).toEqual([DEFAULT_FEED_URL, '/f.zip']);
  });
});
