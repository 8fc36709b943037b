import {
  type Cassette,
  type CassetteStore,
  cloneValue,
  createError,
  isValueMap,
  type StoreDriver,
  type ValueMap,
} from '@cassettekit/core';
import { convertCassette, dialectOf, jsonCodec } from '@cassettekit/formats';
import { openFolder } from './driver.js';
import { pollyLayout } from './store/polly-layout.js';

/**
 * `polly:DIR` — Polly's `@pollyjs/persister-fs` folder: `DIR/<slug>_<hash>/.../recording.har`,
 * cassettes named by their Polly recording name. It holds HAR only: a cassette of another tool is
 * converted on the way in (recorded under its cassette name), as `cassette convert --to har` would.
 */
export const pollyDriver: StoreDriver = {
  schemes: ['polly'],
  description: "Polly's persister-fs folder, <slug>_<hash>/recording.har, named by recording name",
  example: 'polly:./recordings',
  open: async (url, options) => {
    if (url.params.size > 0) {
      throw createError('INVALID_URL', `polly: takes no options (${url.url})`, {
        hint: 'Write it as polly:./recordings',
      });
    }
    const store = await openFolder(url, options, jsonCodec({ dialect: 'har' }), pollyLayout);
    return asHarStore(store);
  },
};

function asHarStore(store: CassetteStore): CassetteStore {
  return {
    ...store,
    put: (name, cassette, writeOptions) => store.put(name, asRecording(cassette, name), writeOptions),
    asStored: (name, cassette) => asRecording(cassette, name),
  };
}

/** The cassette as Polly's recording `name`: HAR whose `log._recordingName` is the name (Polly finds it so). */
function asRecording(cassette: Cassette, name: string): Cassette {
  const har = dialectOf(cassette).name === 'har' ? cassette : convertCassette(cassette, 'har', name).cassette;
  const log = har.data.log;
  if (!isValueMap(log) || log._recordingName === name) return har;
  const data = cloneValue(har.data);
  (data.log as ValueMap)._recordingName = name;
  return { data, ...(har.format?.style === undefined ? {} : { format: { style: har.format.style } }) };
}
