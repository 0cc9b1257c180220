import { simpleParser } from 'mailparser';
import { describe, expect, test } from 'vitest';
import { escapeHtml, renderAlertEmail, renderDigestEmail, stationTexts } from '#shared/alerts/email.ts';
import { formatAge } from '#shared/alerts/email-format.ts';
import type { EmailLine } from '#shared/alerts/match.ts';
import { buildMime, encodeWord } from '#shared/alerts/mime.ts';
import type { HeadingSource } from '#shared/domain/station-heading.ts';
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
/** The texts an email gets for one station, built as the alert and digest runs build them. */
const texts = (station: HeadingSource) => stationTexts(['75000001'], new Map([['75000001', station]]));

describe('the alert email', () => {
  test('French text: price, previous price, address, age, station link, reason, unsubscribe', () => {
    const email = renderAlertEmail({
      displayName: 'Camille',
      lines: [line({ distanceKm: 3.24, placeLabel: 'Maison' })],
      more: 0,
      stations: texts({ address: '12 rue de Rivoli', cp: '75001', town: 'PARIS' }),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : Gazole (B7) à 1,659 €/L à Paris');
    expect(email.text).toContain('Bonjour Camille,');
    expect(email.text).toContain('Gazole (B7) — 1,659 €/L (avant 1,719 €/L, −6,0 c€)');
    // A station without OSM data is titled by its address, the postcode and town beneath; no OSM credit.
    expect(email.text).toContain('  12 rue de Rivoli\n  75001 Paris\n  Prix mis à jour');
    expect(email.text).not.toContain('OpenStreetMap');
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
      stations: texts({ ...hostile, brand: 'Total<i>' }),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : 5 stations moins chères');
    expect(email.html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(email.html).toContain('<strong>Total&lt;i&gt; Paris &lt;B&gt;</strong>');
    expect(email.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; rue, 75001 Paris &lt;B&gt;',
    );
    expect(email.html).toContain('Bonjour Eve &lt;img src=x onerror=alert(1)&gt;,');
    expect(email.text).toContain('… et 3 autres stations.');
    expect(escapeHtml(`'"&<>`)).toBe('&#39;&quot;&amp;&lt;&gt;');
  });

  test('a named station: its title (brand plus town) with the address beneath, and the OSM credit', () => {
    const email = renderAlertEmail({
      displayName: '',
      lines: [line()],
      more: 0,
      stations: texts({
        name: 'Intermarché',
        brand: 'Intermarché',
        address: '28 AVENUE MAURICE JARROSSON',
        cp: '19100',
        town: 'BRIVE-LA-GAILLARDE',
      }),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : Gazole (B7) à 1,659 €/L à Brive-la-Gaillarde');
    expect(email.text).toContain(
      '  Intermarché Brive-la-Gaillarde\n  28 AVENUE MAURICE JARROSSON, 19100 Brive-la-Gaillarde\n',
    );
    expect(email.text).toContain(
      'Noms et marques des stations : © les contributeurs OpenStreetMap (https://www.openstreetmap.org/copyright).',
    );
    expect(email.html).toContain(
      '<strong>Intermarché Brive-la-Gaillarde</strong><br><span style="font-size:14px;color:#555">28 AVENUE MAURICE JARROSSON, 19100 Brive-la-Gaillarde</span>',
    );
    expect(email.html).toContain(
      '<a href="https://www.openstreetmap.org/copyright">© les contributeurs OpenStreetMap</a>',
    );
    // Ids without a station are left out: the email then names the station by its id.
    expect(stationTexts(['9'], new Map()).size).toBe(0);
  });

  test('the driver’s own name for a favourite heads it, the station beneath; directions to drive there', () => {
    const station = {
      name: 'Intermarché',
      brand: 'Intermarché',
      address: '28 AVENUE MAURICE JARROSSON',
      cp: '19100',
      town: 'BRIVE-LA-GAILLARDE',
      lat: 45.158812,
      lon: 1.5321,
    };
    const email = renderAlertEmail({
      displayName: '',
      lines: [line()],
      more: 0,
      stations: stationTexts(
        ['75000001'],
        new Map([['75000001', station]]),
        new Map([['75000001', 'Chez maman']]),
      ),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Alerte prix : Gazole (B7) à 1,659 €/L — Chez maman');
    expect(email.text).toContain(
      '  Chez maman\n  Intermarché Brive-la-Gaillarde · 28 AVENUE MAURICE JARROSSON, 19100 Brive-la-Gaillarde\n',
    );
    expect(email.text).toContain(
      '  Itinéraire : https://www.google.com/maps/dir/?api=1&destination=45.158812,1.532100\n',
    );
    expect(email.html).toContain('<strong>Chez maman</strong>');
    expect(email.html).toContain(
      'href="https://www.google.com/maps/dir/?api=1&amp;destination=45.158812,1.532100"',
    );
    expect(email.html).toContain('href="https://waze.com/ul?ll=45.158812,1.532100&amp;navigate=yes"');
    expect(email.html).toContain('title="Itinéraire avec Waze : Chez maman"');
    // Laid out at the phone's width: without the viewport a phone shows it 980 px wide, shrunk.
    expect(email.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');

    // Without a name or a position: the station's own title, and no directions.
    const plain = stationTexts(
      ['1', '2'],
      new Map([
        ['1', { address: '12 rue de Rivoli', cp: '75001', town: 'PARIS', lat: null, lon: null }],
        ['2', { address: '12 rue de Rivoli', cp: '75001', town: 'PARIS' }],
      ]),
      new Map([['2', 'Travail']]),
    );
    expect(plain.get('1')).toMatchObject({
      title: '12 rue de Rivoli',
      address: '75001 Paris',
      ownName: null,
      directions: null,
    });
    expect(plain.get('2')).toMatchObject({ title: 'Travail', address: '12 rue de Rivoli, 75001 Paris' });
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
      stations: texts({ ...hostile, name: 'Relais <Total>' }),
      now: NOW,
      links,
    });
    expect(email.subject).toBe('Votre semaine carburant Plein (28/07/2025)');
    expect(email.text).toContain(
      'Le moins cher aujourd’hui : 1,659 €/L — Relais <Total> (mis à jour il y a 1 h)',
    );
    expect(email.text).toContain('  <script>alert("x")</script> & rue, 75001 Paris <B>\n');
    expect(email.html).toContain('— Relais &lt;Total&gt; (mis à jour');
    expect(email.text).toContain('© les contributeurs OpenStreetMap');
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
