import { simpleParser } from 'mailparser';
import { describe, expect, test } from 'vitest';
import { escapeHtml, renderAlertEmail, renderDigestEmail } from '#shared/alerts/email.ts';
import { formatAge } from '#shared/alerts/email-format.ts';
import type { EmailLine } from '#shared/alerts/match.ts';
import { buildMime, encodeWord } from '#shared/alerts/mime.ts';
import { FRESH, NOW } from '../../helpers/alerts.ts';

const links = {
  siteUrl: 'http://localhost:3000',
  unsubscribeUrl: 'http://localhost:3000/api/alerts/unsubscribe?token=v1.abc.alerts.1.sig',
};
const line = (over: Partial<EmailLine> = {}): EmailLine => ({
  stationId: '75000001',
  fuel: 'Gazole',
  price: 1.659,
  previous: 1.719,
  updatedAt: FRESH,
  distanceKm: null,
  placeLabel: null,
  reasons: [{ ruleId: 'r1', kind: 'threshold', maxPrice: 1.7, dropCents: null, drop: null }],
  ...over,
});
const hostile = { address: '<script>alert("x")</script> & rue', cp: '75001', town: 'Paris <b>' };

describe('the alert email', () => {
  test('French text: price, previous price, address, age, station link, reason, unsubscribe', () => {
    const email = renderAlertEmail({
      displayName: 'Camille',
      lines: [line({ distanceKm: 3.24, placeLabel: 'Maison' })],
      more: 0,
      stations: new Map([['75000001', { address: '12 rue de Rivoli', cp: '75001', town: 'Paris' }]]),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : Gazole (B7) à 1,659 €/L à Paris');
    expect(email.text).toContain('Bonjour Camille,');
    expect(email.text).toContain('Gazole (B7) — 1,659 €/L (avant 1,719 €/L, −6,0 c€)');
    expect(email.text).toContain('12 rue de Rivoli, 75001 Paris');
    expect(email.text).toContain('Prix mis à jour il y a 1 h · à 3,2 km de Maison');
    expect(email.text).toContain('http://localhost:3000/station/?id=75000001');
    expect(email.text).toContain('Pourquoi : prix sous votre seuil de 1,700 €/L');
    expect(email.text).toContain(links.unsubscribeUrl);
    expect(email.html).toContain('href="http://localhost:3000/station/?id=75000001"');
  });

  test('HTML escapes everything that comes from data (station text, display name)', () => {
    const email = renderAlertEmail({
      displayName: 'Eve <img src=x onerror=alert(1)>',
      lines: [line(), line({ stationId: '75000002', price: 1.6 })],
      more: 3,
      stations: new Map([['75000001', hostile]]),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : 5 stations moins chères');
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; rue, 75001 Paris &lt;b&gt;',
    );
    expect(email.html).toContain('Bonjour Eve &lt;img src=x onerror=alert(1)&gt;,');
    expect(email.text).toContain('… et 3 autres stations.');
    expect(escapeHtml(`'"&<>`)).toBe('&#39;&quot;&amp;&lt;&gt;');
  });

  test('drop reasons say by how much the cheapest fell', () => {
    const email = renderAlertEmail({
      displayName: '',
      lines: [line({ reasons: [{ ruleId: 'r2', kind: 'drop', maxPrice: null, dropCents: 5, drop: 0.062 }] })],
      more: 0,
      stations: new Map(),
      now: NOW,
      links,
    });
    expect(email.text).toContain('le moins cher a baissé de 6,2 c€ (seuil 5 c€)');
    expect(email.text.startsWith('Bonjour,')).toBe(true);
  });

  test('price ages', () => {
    const now = Date.parse('2025-07-29T10:00:00Z');
    expect(formatAge('2025-07-29T11:35:00+02:00', now)).toBe('il y a 25 min');
    expect(formatAge('2025-07-29T08:00:00+02:00', now)).toBe('il y a 4 h');
    expect(formatAge('2025-07-25T12:00:00+02:00', now)).toBe('il y a 4 j');
    expect(formatAge('garbage', now)).toBe('date inconnue');
  });
});

describe('the digest email', () => {
  test('cheapest now, the week’s low against the week before, savings; escaped', () => {
    const email = renderDigestEmail({
      displayName: 'Léa',
      week: '2025-07-28',
      fuels: [
        {
          fuel: 'Gazole',
          cheapest: { stationId: '75000001', price: 1.659, updatedAt: FRESH },
          weekLow: 1.649,
          previousWeekLow: 1.689,
          savings: {
            cheapestPrice: 1.659,
            cheapestStationId: '75000001',
            baseline: { kind: 'dept-median', price: 1.729, dept: '75', day: '2025-07-28', count: 40 },
            perLitre: 0.07,
            tankLitres: 50,
            perFill: 3.5,
            yearlyLitres: 780,
            perYear: 54.6,
          },
        },
        { fuel: 'E10', cheapest: null, weekLow: null, previousWeekLow: null, savings: null },
      ],
      stations: new Map([['75000001', hostile]]),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Votre semaine carburant Plein (28/07/2025)');
    expect(email.text).toContain(
      'Plus bas de la semaine : 1,649 €/L — en baisse de 4,0 c€ par rapport à la semaine précédente (1,689 €/L)',
    );
    expect(email.text).toContain(
      'Économie estimée par rapport à la médiane du département 75 : 3,50 € par plein, 54,60 € par an',
    );
    expect(email.text).toContain('Aucun prix récent parmi vos favoris.');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });
});

describe('the MIME message', () => {
  test('multipart text + HTML, UTF-8 subject, List-Unsubscribe headers; parses back', async () => {
    const email = renderAlertEmail({
      displayName: 'Zoé',
      lines: [line()],
      more: 0,
      stations: new Map(),
      now: NOW,
      links,
    });
    const raw = buildMime({
      from: 'Plein <alertes@plein.example>',
      to: 'zoe@example.com',
      email,
      date: NOW,
      headers: {
        'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(raw).toContain(`List-Unsubscribe: <${links.unsubscribeUrl}>\r\n`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text.trim());
    expect(parsed.html).toBe(email.html);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('zoe@example.com');
  });

  test('a line break in any header value is refused (header injection)', () => {
    const email = { subject: 'Hi', text: 't', html: 'h' };
    expect(() => buildMime({ from: 'a@b.c', to: 'x@y.z\r\nBcc: all@evil.example', email })).toThrow(
      /header To/,
    );
    expect(() => buildMime({ from: 'a@b.c', to: 'x@y.z', email: { ...email, subject: 'a\nb' } })).toThrow(
      /Subject/,
    );
  });

  test('long non-ASCII subjects are split into short encoded words', () => {
    const encoded = encodeWord('Alerte prix : Gazole (B7) à 1,659 €/L à Saint-Étienne-du-Rouvray');
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(encodeWord('plain ascii')).toBe('plain ascii');
  });
});
