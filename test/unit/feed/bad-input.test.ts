import { Zip, ZipDeflate } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FeedError } from '#shared/feed/index.ts';
import {
  chunked,
  feedBytes,
  feedXml,
  latin1,
  NATIONAL_2025,
  pdv,
  readAll,
  readError,
  utf8,
  zipOf,
} from '../../helpers/feed.ts';

const SMALL_XML = latin1(feedXml(pdv()));
const national = feedBytes(NATIONAL_2025);

describe('what is not a feed', () => {
  it('refuses an HTML page served instead of the ZIP', async () => {
    const html = latin1(
      '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body></body></html>',
    );
    const error = await readError(html);
    expect(error).toBeInstanceOf(FeedError);
    expect(error.code).toBe('NOT_A_ZIP');
    expect(error.message).toMatch(/HTML page/);
  });

  it('refuses an empty body', async () => {
    expect((await readError([])).code).toBe('EMPTY');
    expect((await readError(new Uint8Array(0))).code).toBe('EMPTY');
  });

  it('refuses bytes that are neither ZIP nor XML', async () => {
    expect((await readError(utf8('{"error":"maintenance"}'))).code).toBe('NOT_A_ZIP');
    expect((await readError(utf8('   \n'))).code).toBe('NOT_A_ZIP');
  });

  it('refuses bare XML when only a ZIP is allowed', async () => {
    const error = await readError(SMALL_XML, { allowXml: false });
    expect(error.code).toBe('NOT_A_ZIP');
  });

  it('refuses an empty archive and an empty entry', async () => {
    expect((await readError(zipOf({}))).code).toBe('EMPTY');
    expect((await readError(zipOf({ 'feed.xml': new Uint8Array(0) }))).code).toBe('EMPTY');
  });
});

describe('truncated downloads', () => {
  it.each([0.5, 0.99])('refuses the national ZIP cut at %d of its length', async (fraction) => {
    const cut = national.subarray(0, Math.floor(national.length * fraction));
    const error = await readError(chunked(cut, 65536));
    expect(error.code).toBe('TRUNCATED');
  });

  it('refuses a ZIP whose entry is complete but whose central directory is missing', async () => {
    const cut = national.subarray(0, national.length - 30);
    expect((await readError(cut)).code).toBe('TRUNCATED');
  });

  it('refuses a ZIP cut inside its first header', async () => {
    expect((await readError(national.subarray(0, 20))).code).toBe('TRUNCATED');
  });

  it('refuses XML cut in the middle of an element', async () => {
    const xml = feedXml(`${pdv()}${pdv({ id: '69001002' })}`);
    const cut = xml.slice(0, xml.indexOf('69001002') + 5);
    const error = await readError(latin1(cut));
    expect(error.code).toBe('TRUNCATED');
    expect(error.message).toMatch(/after station 69001001/);
  });

  it('refuses XML that stops between two stations', async () => {
    const xml = feedXml(pdv()).replace('</pdv_liste>', '');
    expect((await readError(latin1(xml))).code).toBe('TRUNCATED');
  });

  it('refuses a zipped XML that was truncated before zipping', async () => {
    const xml = feedXml(pdv());
    expect((await readError(zipOf({ 'feed.xml': latin1(xml.slice(0, -20)) }))).code).toBe('TRUNCATED');
  });
});

describe('archives we refuse', () => {
  it('refuses a ZIP with two entries', async () => {
    const error = await readError(zipOf({ 'a.xml': SMALL_XML, 'b.xml': SMALL_XML }));
    expect(error.code).toBe('BAD_ZIP');
    expect(error.message).toMatch(/more than one entry/);
  });

  it.each(['../x.xml', 'dir/x.xml', '..\\x.xml'])('refuses an entry named %j', async (name) => {
    const error = await readError(zipOf({ [name]: SMALL_XML }));
    expect(error.code).toBe('BAD_ZIP');
    expect(error.message).toMatch(/unsafe entry name/);
  });

  it('refuses an entry that inflates past the cap', async () => {
    const error = await readError(national, { maxInflatedBytes: 1_000_000 });
    expect(error.code).toBe('TOO_LARGE');
  });

  it('refuses an entry that inflates past the cap even when its header lies about the size', async () => {
    // A streamed ZIP (data descriptor) declares no size up front.
    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      chunks.push(data);
    });
    const entry = new ZipDeflate('feed.xml', { level: 6 });
    zip.add(entry);
    entry.push(latin1(feedXml(pdv().repeat(2000))), true);
    zip.end();
    expect((await readError(chunks, { maxInflatedBytes: 100_000 })).code).toBe('TOO_LARGE');
    expect((await readAll(chunks)).summary.stations).toBe(1); // same id 2,000 times: 1 kept
  });

  it('refuses more input than allowed', async () => {
    expect((await readError(national, { maxInputBytes: 500_000 })).code).toBe('TOO_LARGE');
  });

  it('refuses a corrupt entry (CRC-32 mismatch or bad deflate data)', async () => {
    // Prepare: one flipped bit in the text of a stored (uncompressed) entry: still valid XML.
    const stored = zipOf({ 'feed.xml': SMALL_XML }, 0);
    const corrupt = stored.slice();
    const at = Buffer.from(corrupt).indexOf('rue X');
    corrupt[at + 4] = 0x59; // 'Y'
    const error = await readError(corrupt);
    expect(error.code).toBe('BAD_ZIP');
    expect(error.message).toMatch(/CRC/);

    const deflated = national.slice();
    deflated.fill(0xff, 5000, 5100);
    expect(['BAD_ZIP', 'XML']).toContain((await readError(deflated)).code);
  });
});

describe('XML we refuse', () => {
  it('refuses a DOCTYPE, so no entity can ever be expanded', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE pdv_liste [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]><pdv_liste>${pdv({}, '<adresse>&b;</adresse>')}</pdv_liste>`;
    expect((await readError(latin1(laughs))).code).toBe('DOCTYPE');
    expect((await readError(zipOf({ 'feed.xml': latin1(laughs) }))).code).toBe('DOCTYPE');
  });

  it('refuses characters XML does not allow', async () => {
    const error = await readError(latin1(feedXml(pdv({}, '<adresse>a\u0001b</adresse>'))));
    expect(error.code).toBe('XML');
  });

  it('refuses bytes that are not UTF-8 in a document declared UTF-8', async () => {
    const bytes = latin1(feedXml(pdv({}, '<ville>Orléans</ville>'), 'UTF-8'));
    const error = await readError(bytes);
    expect(error.code).toBe('XML');
    expect(error.message).toMatch(/UTF-8/);
  });

  it('refuses malformed XML', async () => {
    expect((await readError(latin1(feedXml('<pdv id="1"><adresse></pdv>')))).code).toBe('XML');
    expect((await readError(latin1(feedXml('<pdv id="1" id="2"></pdv>')))).code).toBe('XML');
    expect((await readError(latin1(feedXml('<pdv>&eacute;</pdv>')))).code).toBe('XML');
    expect((await readError(latin1(`${feedXml(pdv())}<pdv_liste/>`))).code).toBe('XML');
  });

  it('refuses an XML document that is not a <pdv_liste>', async () => {
    const error = await readError(
      latin1('<?xml version="1.0"?><html><body>Service unavailable</body></html>'),
    );
    expect(error.code).toBe('XML');
    expect(error.message).toMatch(/<html>/);
  });

  it('refuses an encoding it does not know', async () => {
    expect((await readError(latin1(feedXml(pdv(), 'klingon')))).code).toBe('XML');
  });
});

describe('aborting', () => {
  it('stops between chunks when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await readError(national, { signal: controller.signal })).code).toBe('ABORTED');
  });
});
