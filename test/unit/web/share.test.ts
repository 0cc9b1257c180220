import { describe, expect, test } from 'vitest';
import { homeQuery, readHomeState } from '../../../web/src/lib/pages/home-state.ts';
import { share, sharedPlace, shareMessage, stationLink } from '../../../web/src/lib/share.ts';

const data = { title: 'Plein', text: 'Gazole autour de Lyon', url: 'https://plein.example/?lat=45.76' };

/** A browser's navigator as far as sharing goes: what it offers, and what happened. */
function device(offers: { share?: 'ok' | 'abort' | 'denied'; clipboard?: boolean }) {
  const calls: string[] = [];
  const nav = {
    ...(offers.share && {
      share: async () => {
        calls.push('share');
        if (offers.share === 'abort') throw new DOMException('closed', 'AbortError');
        if (offers.share === 'denied') throw new DOMException('no gesture', 'NotAllowedError');
      },
    }),
    clipboard: {
      writeText: async (text: string) => {
        if (!offers.clipboard) throw new DOMException('denied', 'NotAllowedError');
        calls.push(`copy ${text}`);
      },
    },
  } as unknown as Navigator;
  return { nav, calls };
}

describe('Partager', () => {
  test('a search link reopens the same search, filters and all', () => {
    const state = readHomeState(
      '?lat=45.76400&lon=4.83570&label=Lyon&fuel=SP98&radius=20&sort=distance&road=R&open=0&stock=0&brand=Total',
      { place: null, fuel: 'Gazole', brands: [] },
    );
    if (!state.place) throw new Error('place');
    const place = sharedPlace(state.place);
    expect(place.rounded).toBe(false);
    const received = readHomeState(`?${homeQuery({ ...state, place })}`, {
      place: null,
      fuel: 'Gazole',
      brands: ['Auchan'],
    });
    expect(received).toEqual(state);
  });

  test('the sender’s own position goes rounded to ~100 m, under a label for the recipient', () => {
    const place = sharedPlace({ lat: 48.856613, lon: 2.352222, label: 'Ma position' });
    expect(place).toEqual({ lat: 48.857, lon: 2.352, label: 'Position partagée', rounded: true });
    expect(shareMessage({ kind: 'copied' }, true)).toMatch(/arrondie à 100 m/);
  });

  test('a station link carries its fuel', () => {
    expect(stationLink('https://plein.example', '75012001', 'E10')).toBe(
      'https://plein.example/station/?id=75012001&fuel=E10',
    );
    expect(stationLink('https://plein.example', '75012001', null)).toBe(
      'https://plein.example/station/?id=75012001',
    );
  });

  test('the share sheet first; a closed sheet is a cancel, not a copy', async () => {
    const shared = device({ share: 'ok', clipboard: true });
    expect(await share(data, shared.nav)).toEqual({ kind: 'shared' });
    expect(shared.calls).toEqual(['share']);
    const closed = device({ share: 'abort', clipboard: true });
    expect(await share(data, closed.nav)).toEqual({ kind: 'cancelled' });
    expect(closed.calls).toEqual(['share']);
    expect(shareMessage({ kind: 'cancelled' }, false)).toBe('');
  });

  test('no sheet, or a refused one: the link is copied; no clipboard either: shown to copy by hand', async () => {
    const desktop = device({ clipboard: true });
    expect(await share(data, desktop.nav)).toEqual({ kind: 'copied' });
    expect(desktop.calls).toEqual([`copy ${data.url}`]);
    const refused = device({ share: 'denied', clipboard: true });
    expect(await share(data, refused.nav)).toEqual({ kind: 'copied' });
    const bare = device({});
    expect(await share(data, bare.nav)).toEqual({ kind: 'manual', link: data.url });
    expect(shareMessage({ kind: 'manual', link: data.url }, false)).toBe('Copiez ce lien pour le partager.');
  });
});
