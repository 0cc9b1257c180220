import { describe, expect, test } from 'vitest';
import { runErrorText } from '../../../web/src/components/admin/labels.ts';

describe('admin console: a run error in words', () => {
  test('a feed older than the published one reads as a refusal, with its code and message (issue 17)', () => {
    expect(
      runErrorText({
        code: 'FEED_OLDER',
        message:
          "newest price 2023-11-22T23:05:00+01:00 is older than the published data's 2025-07-28T15:00:04+02:00",
      }),
    ).toBe(
      "Refusé : flux plus ancien que les données publiées (forcer pour le publier quand même). FEED_OLDER : newest price 2023-11-22T23:05:00+01:00 is older than the published data's 2025-07-28T15:00:04+02:00",
    );
  });

  test('other failures keep their code and message alone', () => {
    expect(runErrorText({ code: 'WRITE_FAILED', message: 'throttled' })).toBe('WRITE_FAILED : throttled');
  });
});
