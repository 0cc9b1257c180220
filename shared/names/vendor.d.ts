// unbzip2-stream ships no typings: a through stream (bz2 bytes in, decompressed bytes out).
declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  export default function unbzip2Stream(): Duplex;
}
