import { describe, expect, test } from 'vitest';
import { notificationFor, readPayload } from '../../../web/src/lib/push-message.ts';

const ORIGIN = 'https://plein.example';

describe('a push alert’s notification', () => {
  test('names the station and price, opens the station on its fuel, one per station and fuel', () => {
    const { title, options } = notificationFor(
      {
        title: 'Gazole à 1,689 € : Total Paris 15e',
        body: 'Sous votre seuil de 1,700 €.',
        url: '/station/?id=75015001&fuel=Gazole',
        stationId: '75015001',
        fuel: 'Gazole',
      },
      ORIGIN,
    );
    expect(title).toBe('Gazole à 1,689 € : Total Paris 15e');
    expect(options).toMatchObject({
      body: 'Sous votre seuil de 1,700 €.',
      lang: 'fr',
      tag: '75015001-Gazole',
      data: { url: '/station/?id=75015001&fuel=Gazole' },
    });
  });

  test('opens only the site’s own pages, and reads a payload that is not JSON as its text', () => {
    expect(notificationFor({ url: 'https://evil.example/x' }, ORIGIN).options.data.url).toBe('/');
    expect(notificationFor({}, ORIGIN).title).toBe('Plein');
    const text = readPayload(
      () => JSON.parse('pas du json'),
      () => 'pas du json',
    );
    expect(text).toEqual({ body: 'pas du json' });
    expect(
      readPayload(
        () => ({ title: 'T' }),
        () => '',
      ),
    ).toEqual({ title: 'T' });
  });
});
