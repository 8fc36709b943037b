import type { CassetteData, InteractionData } from './cassette.js';

/** The tools whose cassettes this project reads: each writes its own dialect. */
export type DialectName = 'vcrpy' | 'ruby-vcr' | 'har' | 'go-vcr' | 'nock' | 'betamax';

export const DIALECT_NAMES: readonly DialectName[] = [
  'vcrpy',
  'ruby-vcr',
  'har',
  'go-vcr',
  'nock',
  'betamax',
];

/** A body as recorded: text, bytes (non-UTF-8 data, `!!binary` in YAML), or nothing. */
export type Body = string | Uint8Array | null;

/** Header values in recorded order; a value may be bytes, as botocore records some of them. */
export type HeaderList = Array<readonly [name: string, values: readonly (string | Uint8Array)[]]>;

/**
 * One recorded exchange in the shape every dialect maps to and from. Whatever a dialect holds beyond
 * it (HAR timings, Ruby VCR `metadata`, go-vcr `duration`) stays in the document.
 */
export interface InteractionView {
  /** As recorded (nock and Ruby VCR write it in lower case); compare it upper-cased. */
  readonly method: string;
  /** Absolute (nock: scope + path). */
  readonly uri: string;
  readonly requestHeaders: HeaderList;
  readonly requestBody: Body;
  readonly status: { readonly code: number | null; readonly message: string };
  readonly responseHeaders: HeaderList;
  readonly responseBody: Body;
  /** When the dialect records it (Ruby VCR, Betamax `recorded_at`, HAR `startedDateTime`). */
  readonly recordedAt?: string;
  /** When the dialect records it (`HTTP/1.1`, Ruby VCR's `1.1`). */
  readonly httpVersion?: string;
}

/**
 * How a dialect's documents are read as views. `@cassettekit/formats` registers one per dialect; core
 * knows vcrpy's (the default), so that what depends on core alone keeps working for vcrpy cassettes.
 */
export interface DialectReader {
  readonly name: DialectName;
  /** True when `data` is this dialect's document (decided from the document, never a file name). */
  detect(data: CassetteData): boolean;
  /** The document's interactions, in order (the entries the view maps). */
  interactions(data: CassetteData): InteractionData[];
  view(interaction: InteractionData): InteractionView;
}

const readers: DialectReader[] = [];
let fallback: DialectReader | undefined;
/** Which reader enumerated an interaction, so the accessors read it in its own dialect. */
const readerOf = new WeakMap<object, DialectReader>();

/** Adds (or replaces) the reader of a dialect. Readers are tried in registration order; vcrpy last. */
export function registerDialectReader(reader: DialectReader): void {
  if (reader.name === 'vcrpy') {
    fallback = reader;
    return;
  }
  const at = readers.findIndex((r) => r.name === reader.name);
  if (at === -1) readers.push(reader);
  else readers[at] = reader;
}

/** The reader for a document: the first registered one that recognises it, else vcrpy's. */
export function dialectReaderFor(data: CassetteData): DialectReader {
  for (const reader of readers) if (reader.detect(data)) return reader;
  if (fallback === undefined) throw new Error('no vcrpy dialect reader registered');
  return fallback;
}

/** The dialect of a document, detected from its shape. */
export function detectDialect(data: CassetteData): DialectName {
  return dialectReaderFor(data).name;
}

/** The interactions of a cassette of any dialect (an empty list when the document has none). */
export function interactionsOf(data: CassetteData): InteractionData[] {
  const reader = dialectReaderFor(data);
  const list = reader.interactions(data);
  for (const item of list) if (typeof item === 'object' && item !== null) readerOf.set(item, reader);
  return list;
}

/** The view of one interaction (from {@link interactionsOf}), read in its cassette's dialect. */
export function interactionView(interaction: InteractionData): InteractionView {
  const reader = readerOf.get(interaction) ?? fallback;
  if (reader === undefined) throw new Error('no vcrpy dialect reader registered');
  return reader.view(interaction);
}

/** The views of every interaction of a document. */
export function interactionViews(data: CassetteData): InteractionView[] {
  const reader = dialectReaderFor(data);
  return reader.interactions(data).map((item) => reader.view(item));
}
