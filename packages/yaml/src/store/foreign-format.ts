import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type Cassette, type CassetteFormat, type CodecStyle, contentDigest } from '@cassettekit/core';
import type { CassetteCodec } from '@cassettekit/formats';
import { codecFor } from '@cassettekit/formats';
import { writeFileAtomic } from './atomic-write.js';

/** Hidden folder beside the cassettes: how a cassette was written in another codec. */
export const FORMAT_FOLDER = '.cassette-format';

interface ForeignFormat {
  readonly digest: string;
  readonly style?: CodecStyle;
  readonly original?: { codec: string; text: string; digest: string };
}

/**
 * A YAML cassette written to a JSON folder (or the reverse) would forget the YAML style it came in,
 * and YAML -> JSON -> YAML would not give the same bytes. The file store keeps that style in
 * `.cassette-format/<name>.json` (the path given: see confine.ts) — the original text too when no style reproduces it — valid only
 * while the cassette's digest is the one recorded (an edit by vcrpy or by hand makes it stale).
 */
export async function writeForeignFormat(
  path: string,
  codec: CassetteCodec,
  cassette: Cassette,
): Promise<void> {
  const foreign = foreignFormatOf(codec, cassette);
  if (foreign === null) {
    await rm(path, { force: true });
    return;
  }
  await writeFileAtomic(path, JSON.stringify(foreign));
}

/** The cassette with its foreign format restored, or null when there is none (or it is stale). */
export async function readForeignFormat(path: string, cassette: Cassette): Promise<Cassette | null> {
  let text: string;
  try {
    // Synchronous, like the cassette read itself: usually there is no such file, and saying so is
    // much cheaper without a thread-pool round trip, or an error built for it.
    if (!existsSync(path)) return null;
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let foreign: ForeignFormat;
  try {
    foreign = JSON.parse(text) as ForeignFormat;
  } catch {
    return null;
  }
  const digest = cassette.format?.original?.digest ?? contentDigest(cassette.data);
  if (foreign.digest !== digest) return null;
  const format: CassetteFormat = {
    ...(foreign.style === undefined ? {} : { style: foreign.style }),
    ...(foreign.original === undefined ? {} : { original: foreign.original }),
  };
  return { data: cassette.data, format };
}

function foreignFormatOf(codec: CassetteCodec, cassette: Cassette): ForeignFormat | null {
  const { format } = cassette;
  if (format === undefined) return null;
  const original =
    format.original?.codec !== undefined && format.original.codec !== codec.name
      ? format.original
      : undefined;
  const style = format.style !== undefined && format.style.codec !== codec.name ? format.style : undefined;
  if (original === undefined && style === undefined) return null;
  const digest = contentDigest(cassette.data);
  if (
    original !== undefined &&
    original.digest === digest &&
    (original.codec === 'yaml' || original.codec === 'json')
  ) {
    // Keep only the style when it reproduces the text from data in any key order (this folder's
    // codec may reorder keys: YAML sorts them): small, and still byte-exact.
    const other = codecFor(original.codec);
    const detected = style ?? other.detectStyle(original.text, cassette.data);
    if (
      detected !== null &&
      (detected.codec === 'yaml' || detected.sortKeys === true) &&
      other.encode({ data: cassette.data, format: { style: detected } }) === original.text
    ) {
      return { digest, style: detected };
    }
    return { digest, ...(style === undefined ? {} : { style }), original };
  }
  return style === undefined ? null : { digest, style };
}
