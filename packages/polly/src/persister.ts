import type { CassetteStore } from '@cassettekit/core';
import { convertCassette } from '@cassettekit/formats';
import PollyPersister, { type Har } from '@pollyjs/persister';
import { cassetteToHar, harToCassette } from './har-cassette.js';
import { openStore } from './open-store.js';

// @pollyjs/persister is CommonJS (`module.exports = Persister`) with types that say `export default`:
// at run time the default import is the class itself.
const Persister = PollyPersister as unknown as typeof PollyPersister.default;

/** `persisterOptions: { cassette: { store } }`. */
export interface CassettePersisterOptions {
  /** A store URL (`polly:recordings`, `sqlite:recordings.db`, `s3://bucket/prefix`) or an open store. */
  readonly store?: string | CassetteStore;
  /** Relative paths in a store URL resolve against this folder (default: the current one). */
  readonly cwd?: string;
}

/**
 * A Polly.js persister that keeps each recording as one cassette, named by its recording id, in any
 * cassette store:
 * `polly.configure({ persister: CassettePersister, persisterOptions: { cassette: { store: 'sqlite:recordings.db' } } })`.
 */
export class CassettePersister extends Persister<CassettePersisterOptions> {
  static override get id(): string {
    return 'cassette';
  }

  constructor(polly: ConstructorParameters<typeof Persister>[0]) {
    super(polly);
    // Polly's node-http adapter intercepts every request of the process, the S3 store's own included:
    // let those through to the bucket.
    polly.server
      ?.any()
      .filter((request: { url: string }) => this.isStoreTraffic(request.url))
      .passthrough();
  }

  override async onFindRecording(recordingId: string): Promise<Har | null> {
    const name = this.nameOf(recordingId);
    const got = await (await this.store()).get(name);
    if (got === null) return null;
    // A cassette of another tool is replayed as the HAR it converts to. Polly reads the plain document
    // (what persister-fs reads from its file) into its own HAR classes.
    const har = convertCassette(got.cassette, 'har', name).cassette;
    return cassetteToHar(har) as unknown as Har;
  }

  override async onSaveRecording(recordingId: string, har: Har): Promise<void> {
    const store = await this.store();
    // Saved under the recording name the HAR carries (what onFindRecording looks up, and what a polly:
    // store turns back into this recording id), not under the id itself.
    const recordingName = (har.log as { _recordingName?: unknown })._recordingName;
    const name = typeof recordingName === 'string' ? recordingName : this.nameOf(recordingId);
    await store.put(name, harToCassette(this.stringify(har), { store: store.url, cassette: name }));
  }

  override async onDeleteRecording(recordingId: string): Promise<void> {
    await (await this.store()).delete(this.nameOf(recordingId));
  }

  /**
   * The cassette of a recording is named by its recording name (`suite/test name`), as the polly:
   * store names the `<recording id>/recording.har` it keeps it in: readable in every store.
   */
  private nameOf(recordingId: string): string {
    const polly = this.polly as unknown as { recordingId?: string; recordingName?: string };
    return polly.recordingId === recordingId && typeof polly.recordingName === 'string'
      ? polly.recordingName
      : recordingId;
  }

  private isStoreTraffic(url: string): boolean {
    const { store } = this.options;
    const storeUrl = typeof store === 'string' ? store : store?.url;
    return storeUrl?.startsWith('s3://') === true && isS3Endpoint(url, storeUrl);
  }

  private store(): Promise<CassetteStore> {
    const { store, cwd } = this.options;
    if (store === undefined || store === '') {
      throw new Error(
        "[cassette] the cassette persister needs a store: persisterOptions: { cassette: { store: 'sqlite:recordings.db' } }",
      );
    }
    return typeof store === 'string' ? openStore(store, cwd) : Promise.resolve(store);
  }
}

/** The S3 API the store talks to: `?endpoint=`, the endpoint variables the s3 store reads, else AWS. */
function isS3Endpoint(requestUrl: string, storeUrl: string): boolean {
  const target = new URL(requestUrl);
  const configured =
    new URL(storeUrl.replace(/^s3:/, 'http:')).searchParams.get('endpoint') ??
    process.env.CASSETTE_S3_ENDPOINT ??
    process.env.AWS_ENDPOINT_URL_S3 ??
    process.env.AWS_ENDPOINT_URL;
  if (configured !== undefined && configured !== '') return new URL(configured).host === target.host;
  return target.hostname.endsWith('.amazonaws.com');
}
