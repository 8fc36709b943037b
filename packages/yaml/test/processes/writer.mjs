// A separate process writing cassettes through the built package, for the crash and race tests.
//   node writer.mjs loop DIR NAME          rewrite NAME forever, alternating two large cassettes
//   node writer.mjs race DIR NAME VERSION  wait for the go file, then put with ifVersion=VERSION
//   node writer.mjs loop-json DIR NAME     as loop, with cassettes read from compact JSON (so each
//                                          write also writes a large .cassette-format/NAME.json)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jsonCodec, yamlCodec } from '@cassettekit/formats';
import { createFileStore } from '@cassettekit/yaml';

const [mode, dir, name, version] = process.argv.slice(2);
const store = createFileStore({ dir, codec: yamlCodec() });

export function bigCassette(label) {
  const body = `${label} `.repeat(400_000);
  return {
    data: {
      interactions: [
        {
          request: { body: null, headers: {}, method: 'GET', uri: 'http://x/' },
          response: { body: { string: body }, headers: {}, status: { code: 200, message: 'OK' } },
        },
      ],
      version: 1,
    },
  };
}

if (mode === 'loop') {
  process.stdout.write('ready\n');
  for (let i = 0; ; i += 1) await store.put(name, bigCassette(i % 2 === 0 ? 'new-a' : 'new-b'));
} else if (mode === 'loop-json') {
  process.stdout.write('ready\n');
  const json = jsonCodec();
  for (let i = 0; ; i += 1) {
    // Compact JSON, which no json.dumps style writes: the store keeps the whole text beside the
    // cassette, so the write of .cassette-format/NAME.json is as large as the cassette's.
    const text = JSON.stringify(bigCassette(i % 2 === 0 ? 'json-a' : 'json-b').data);
    await store.put(name, json.decode(text));
  }
} else if (mode === 'race') {
  while (!existsSync(join(dir, 'go'))) await new Promise((r) => setTimeout(r, 1));
  try {
    await store.put(name, bigCassette(`pid-${process.pid}`), {
      ifVersion: version === 'null' ? null : version,
    });
    process.stdout.write('won\n');
  } catch (error) {
    process.stdout.write(error.code === 'CONFLICT' ? 'conflict\n' : `error ${error}\n`);
  }
}
