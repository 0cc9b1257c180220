// Over 300 lines on purpose: one class is the parse hot path (~40 SAX events per station), kept to a few
// property reads per event (`npm run bench:parse`); split into handlers it would pay a call on each one.
import { FUELS, type Fuel, findFuel } from '#shared/domain/fuels.ts';
import { isFarFromDept } from '#shared/domain/geo.ts';
import type { DayHours, Price, Station, StationFlag } from '#shared/domain/station.ts';
import { parisIso } from '#shared/domain/time.ts';
import { daysNamed, normalizeCoords, normalizePostcode, parseClock, parsePriceValue } from './normalize.ts';
import type { FeedReject, RejectKind } from './summary.ts';
import { isCleanText, needsRepair, repairText, tidyText } from './text.ts';

type Attrs = Record<string, string>;

export interface AssemblerSink {
  station(station: Station): void;
  reject(reject: FeedReject): void;
  /** A flag on a record that is not yielded (a repeated id). */
  flag(flag: StationFlag, id: string): void;
}

/** The station being read is built in place: the Station object itself, completed at `</pdv>`. */
type Draft = Station;

const NONE = 0;
const ADDRESS = 1;
const TOWN = 2;
const SERVICE = 3;

const FUEL_BY_ID = new Map<string, Fuel>(FUELS.map((f) => [String(f.id), f]));
const FUEL_BY_DIGIT: (Fuel | undefined)[] = Array.from({ length: 10 }, (_, i) => FUEL_BY_ID.get(String(i)));

/** Feed booleans are '1' or ''. */
const isSet = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v !== 'false';

/**
 * Turns SAX events into normalized Station records, one per `</pdv>`. Everything happens in the open and
 * close events of small elements, so the cost per station is a handful of property reads; texts are only
 * gathered inside `<adresse>`, `<ville>` and `<service>`.
 */
export class StationAssembler {
  rootName: string | null = null;
  rootClosed = false;
  /**
   * Switches the parser's text events on and off: saxes only builds text strings while a handler is set,
   * and most text in the feed is indentation between tags.
   */
  onCapture: (capturing: boolean) => void = () => {};
  private readonly sink: AssemblerSink;
  private readonly minPrice: number;
  private readonly maxPrice: number;
  /** Yearly archives: every price of a fuel is kept, in file order (FeedOptions.keepEveryPrice). */
  private readonly keepEveryPrice: boolean;
  private readonly seen = new IdSet();
  private depth = 0;
  private lastId = '';
  private draft: Draft | null = null;
  /** Attributes of the open `<pdv>`, read at its end. */
  private attrs: Attrs = {};
  private capture = NONE;
  /** Depths of the open `<adresse>`/`<ville>`/`<service>` and `<jour>` elements, -1 when none. */
  private captureDepth = -1;
  private dayDepth = -1;
  private openDay: DayHours | null = null;
  private text = '';

  constructor(sink: AssemblerSink, priceBounds: { min: number; max: number }, keepEveryPrice = false) {
    this.sink = sink;
    this.keepEveryPrice = keepEveryPrice;
    this.minPrice = priceBounds.min;
    this.maxPrice = priceBounds.max;
  }

  /** Where the parser is, for error messages: the station being read, or the last one read. */
  get position(): string {
    if (this.draft) return `in station ${this.draft.id || '(no id)'}`;
    return this.lastId ? `after station ${this.lastId}` : 'before the first station';
  }

  open(name: string, a: Attrs): void {
    const depth = this.depth++;
    if (depth === 0) {
      this.rootName = name;
      return;
    }
    const d = this.draft;
    if (d === null) {
      if (depth === 1 && name === 'pdv') {
        this.draft = newDraft(a);
        this.attrs = a;
      }
      return;
    }
    // Dispatch on the first letter, then one comparison: cheaper than a chain of string cases.
    switch (name.charCodeAt(0)) {
      case 115: // s
        if (name === 'service') this.startText(SERVICE, depth);
        break;
      case 106: // j
        if (name === 'jour') this.day(d, a, depth);
        break;
      case 112: // p
        if (name === 'prix') this.price(d, a);
        break;
      case 104: // h
        if (name === 'horaire') this.range(d, a);
        else if (name === 'horaires') d.hours ??= { automat24: isSet(a['automate-24-24']), days: [] };
        break;
      case 97: // a
        if (name === 'adresse') this.startText(ADDRESS, depth);
        break;
      case 118: // v
        if (name === 'ville') this.startText(TOWN, depth);
        break;
      case 114: // r
        if (name === 'rupture') this.rupture(d, a);
        break;
      case 111: // o
        if (name === 'ouverture') this.oldHours(d, a);
        break;
      case 102: // f
        if (name === 'fermeture') this.closure(d, a);
        break;
    }
  }

  onText(text: string): void {
    if (this.capture !== NONE) this.text += text;
  }

  close(): void {
    const depth = --this.depth;
    if (depth === 0) {
      this.rootClosed = true;
      return;
    }
    const d = this.draft;
    if (d === null) return;
    if (depth === this.captureDepth) this.endText(d);
    else if (depth === this.dayDepth) {
      this.openDay = null;
      this.dayDepth = -1;
    } else if (depth === 1) {
      this.draft = null;
      this.lastId = d.id;
      this.finish(d);
    }
  }

  private startText(kind: number, depth: number): void {
    this.capture = kind;
    this.captureDepth = depth;
    this.text = '';
    this.onCapture(true);
  }

  private endText(d: Draft): void {
    const kind = this.capture;
    const raw = this.text;
    this.capture = NONE;
    this.captureDepth = -1;
    this.text = '';
    this.onCapture(false);
    let text = raw;
    if (!isCleanText(text)) {
      if (needsRepair(text)) {
        text = repairText(text);
        addFlag(d, 'text-repaired');
      }
      text = tidyText(text);
    }
    if (kind === ADDRESS) d.address = text;
    else if (kind === TOWN) d.town = text;
    else if (text !== '') d.services.push(text);
  }

  private finish(d: Draft): void {
    const id = d.id;
    if (id === '') {
      this.sink.reject({ id, kind: 'station', reason: 'station without id' });
      return;
    }
    if (!this.seen.add(id)) {
      this.sink.flag('duplicate-id', id);
      this.sink.reject({ id, kind: 'station', reason: 'duplicate id: the first record was kept' });
      return;
    }
    const a = this.attrs;
    const coords = normalizeCoords(a.latitude, a.longitude);
    if (coords.flag) addFlag(d, coords.flag);
    const postcode = normalizePostcode(a.cp);
    if (!postcode.valid) addFlag(d, 'postcode-invalid');
    if (coords.lat !== null && coords.lon !== null && isFarFromDept(postcode.dept, coords.lat, coords.lon)) {
      addFlag(d, 'coords-far-from-postcode');
    }
    const road = (a.pop ?? '').trim();
    if (road !== 'R' && road !== 'A') addFlag(d, 'road-unknown');
    if (d.prices.length === 0) addFlag(d, 'no-price');
    d.lat = coords.lat;
    d.lon = coords.lon;
    d.cp = postcode.cp;
    d.dept = postcode.dept;
    d.road = road;
    this.sink.station(d);
  }

  /** Reports an item left out; returns false so the item readers below can `return this.reject(…)`. */
  private reject(d: Draft, kind: RejectKind, reason: string, flag: StationFlag): false {
    addFlag(d, flag);
    this.sink.reject({ id: d.id, kind, reason });
    return false;
  }

  private price(d: Draft, a: Attrs): boolean {
    if (a.valeur === undefined && a.id === undefined && a.nom === undefined) return false; // `<prix/>` in old files
    const fuel = fuelOf(a);
    if (!fuel)
      return this.reject(d, 'price', `unknown fuel ${JSON.stringify(a.nom ?? a.id)}`, 'price-invalid');
    const value = parsePriceValue(a.valeur ?? '');
    if (value === null) {
      return this.reject(
        d,
        'price',
        `${fuel.code}: unreadable price ${JSON.stringify(a.valeur ?? '')}`,
        'price-invalid',
      );
    }
    const updatedAt = parisIso(a.maj ?? '');
    if (updatedAt === null) {
      return this.reject(
        d,
        'price',
        `${fuel.code}: unreadable date ${JSON.stringify(a.maj ?? '')}`,
        'price-date-invalid',
      );
    }
    if (!this.keepEveryPrice) {
      for (const p of d.prices) {
        if (p.fuelId === fuel.id)
          return this.reject(d, 'price', `${fuel.code}: second price, first kept`, 'price-invalid');
      }
    }
    const price: Price = { fuel: fuel.code, fuelId: fuel.id, price: value, updatedAt };
    if (value < this.minPrice || value > this.maxPrice) {
      price.outlier = true;
      addFlag(d, 'price-outlier');
    }
    d.prices.push(price);
    return true;
  }

  private rupture(d: Draft, a: Attrs): boolean {
    const rawSince = a.debut ?? a.début;
    if (a.id === undefined && a.nom === undefined && rawSince === undefined) return false; // `<rupture/>`
    const fuel = fuelOf(a);
    if (!fuel) {
      const what = JSON.stringify(a.nom ?? a.id ?? '');
      return this.reject(d, 'out-of-stock', `out of stock ${what}: unknown fuel`, 'outofstock-invalid');
    }
    // A fuel can be listed twice (an old untyped record, then a 'definitive' one): both are kept.
    const since = optionalDate(rawSince);
    const until = optionalDate(a.fin);
    if (since === undefined || until === undefined) addFlag(d, 'outofstock-invalid');
    d.outOfStock.push({
      fuel: fuel.code,
      fuelId: fuel.id,
      type: (a.type ?? '').trim(),
      since: since ?? null,
      until: until ?? null,
    });
    return true;
  }

  private day(d: Draft, a: Attrs, depth: number): boolean {
    if (!d.hours) return false;
    const n = Number(a.id);
    if (!Number.isInteger(n) || n < 1 || n > 7) {
      return this.reject(d, 'hours', `day id ${JSON.stringify(a.id ?? '')}`, 'hours-invalid');
    }
    this.openDay = { day: n as DayHours['day'], closed: isSet(a.ferme), ranges: [] };
    this.dayDepth = depth;
    d.hours.days.push(this.openDay);
    return true;
  }

  private range(d: Draft, a: Attrs): boolean {
    const day = this.openDay;
    if (!day) return false;
    const open = parseClock(a.ouverture);
    const close = parseClock(a.fermeture);
    if (open === null || close === null) {
      return this.reject(d, 'hours', `hours ${a.ouverture ?? ''}-${a.fermeture ?? ''}`, 'hours-invalid');
    }
    if (open === close) addFlag(d, 'hours-placeholder');
    day.ranges.push({ open, close });
    return true;
  }

  /** Old feeds: `<ouverture debut="08:45" fin="19:30" saufjour="Dimanche"/>`, the same hours every open day. */
  private oldHours(d: Draft, a: Attrs): boolean {
    if (!a.debut && !a.fin && !a.saufjour) return false;
    const open = parseClock(a.debut);
    const close = parseClock(a.fin);
    if (open === null || close === null) {
      return this.reject(d, 'hours', `hours ${a.debut ?? ''}-${a.fin ?? ''}`, 'hours-invalid');
    }
    if (open === close) addFlag(d, 'hours-placeholder');
    const closedDays = daysNamed(a.saufjour);
    const days: DayHours[] = [];
    for (let day = 1 as DayHours['day']; day <= 7; day++) {
      const closed = closedDays.has(day);
      days.push({ day, closed, ranges: closed ? [] : [{ open, close }] });
    }
    d.hours ??= { automat24: false, days };
    return true;
  }

  private closure(d: Draft, a: Attrs): void {
    const rawSince = a.debut ?? a.début;
    if (!a.type && !rawSince && !a.fin) return; // `<fermeture/>`
    d.closure ??= {
      type: (a.type ?? '').trim(),
      since: optionalDate(rawSince) ?? null,
      until: optionalDate(a.fin) ?? null,
    };
  }
}

function newDraft(a: Attrs): Draft {
  // Every field in Station's order, so all stations share one shape.
  return {
    id: (a.id ?? '').trim(),
    lat: null,
    lon: null,
    cp: '',
    dept: '',
    town: '',
    address: '',
    road: '',
    prices: [],
    outOfStock: [],
    services: [],
    hours: null,
    closure: null,
    flags: [],
  };
}

/**
 * The station ids read so far. The feed's ids are 8-digit numbers: they go into an open-addressing table of
 * int32s, which costs ~20 ns an id where a Set<string> or Set<number> cost ~200 (CPU profiles of bench:parse);
 * any other id into a Set.
 */
class IdSet {
  private table = new Int32Array(1 << 15);
  private count = 0;
  private readonly others = new Set<string>();

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const n = canonicalNumber(id);
    if (n < 0) {
      const size = this.others.size;
      return this.others.add(id).size !== size;
    }
    if (this.count * 2 >= this.table.length) this.grow();
    if (!insert(this.table, n + 1)) return false;
    this.count++;
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (const v of old) if (v !== 0) insert(this.table, v);
  }
}

/** Puts a non-zero value in a power-of-two table (0 = empty slot) by linear probing; false when present. */
function insert(table: Int32Array, v: number): boolean {
  const mask = table.length - 1;
  for (let i = Math.imul(v, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
    const at = table[i];
    if (at === v) return false;
    if (at === 0) {
      table[i] = v;
      return true;
    }
  }
}

/** The number an id of 1–9 digits without a leading zero stands for; -1 for any other id (kept as text). */
function canonicalNumber(id: string): number {
  if (id.length === 0 || id.length > 9 || id.charCodeAt(0) === 48) return -1;
  let n = 0;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function addFlag(d: Draft, flag: StationFlag): void {
  if (!d.flags.includes(flag)) d.flags.push(flag);
}

function fuelOf(a: Attrs): Fuel | undefined {
  const id = a.id;
  // The feed's ids are one digit: an array index is cheaper than hashing the string.
  let byId: Fuel | undefined;
  if (id !== undefined) byId = id.length === 1 ? FUEL_BY_DIGIT[id.charCodeAt(0) - 48] : FUEL_BY_ID.get(id);
  return byId ?? (a.nom ? findFuel(a.nom) : undefined);
}

/** null for an empty value, undefined for an unreadable one. */
function optionalDate(raw: string | undefined): string | null | undefined {
  if (raw === undefined || raw.trim() === '') return null;
  return parisIso(raw) ?? undefined;
}
