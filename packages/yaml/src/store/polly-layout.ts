import type { FileLayout } from './file-store.js';

/**
 * Polly's `@pollyjs/persister-fs` layout: `<dir>/<recording id>/recording.har`, where the recording id
 * is the recording name's `/`-separated parts, each as `<slug>_<fnv1a hash>` (Polly's
 * `guidForRecording`). A cassette's name is its Polly recording name (`suite/test name`).
 */
export const pollyLayout: FileLayout = {
  fileOf: (name) => `${recordingId(name)}/recording.har`,
  nameOf: (rel, read) => {
    if (!rel.endsWith('/recording.har')) return null;
    const bytes = read();
    if (bytes === null) return null;
    let name: unknown;
    try {
      name = (JSON.parse(bytes.toString('utf8')) as { log?: { _recordingName?: unknown } }).log
        ?._recordingName;
    } catch {
      return { skip: 'a recording.har that is not JSON' };
    }
    if (typeof name !== 'string') return { skip: 'a recording.har without log._recordingName' };
    if (`${recordingId(name)}/recording.har` !== rel) {
      return { skip: `its recording name ${JSON.stringify(name)} belongs in ${recordingId(name)}/` };
    }
    return { name };
  },
};

/** Polly's recording id of a recording name (`guidForRecording` in `@pollyjs/core`). */
export function recordingId(name: string): string {
  return name.split('/').map(guidFor).join('/');
}

function guidFor(part: string): string {
  const hash = String(fnv1a(part));
  return `${slugify(part).slice(0, 100 - hash.length - 1)}_${hash}`;
}

/**
 * `slugify(str.replace(/\W/g, '-'))` with slugify's defaults: after the replacement only `[A-Za-z0-9_-]`
 * is left, and slugify turns each run of `-` (its replacement character) into one, trimmed at the ends.
 */
function slugify(part: string): string {
  return part.replace(/\W/g, '-').replace(/-+/g, ' ').trim().replace(/ +/g, '-');
}

/** 32-bit FNV-1a over UTF-16 code units, as `@sindresorhus/fnv1a` 2.x (Polly's dependency) computes it. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
