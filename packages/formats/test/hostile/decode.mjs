// Decodes one file through the built package in a fresh process and reports how it ended and the
// peak memory, so a test can bound what a hostile document costs:
//   node decode.mjs FILE   ->   {"code": "INVALID_CASSETTE" | null, "message": "...", "maxRssMb": 80}
import { readFileSync } from 'node:fs';
import { decodeYaml } from '@cassettekit/formats';

const text = readFileSync(process.argv[2], 'utf8');
let result;
try {
  const cassette = decodeYaml(text, { store: 'yaml:hostile', cassette: 'bomb' });
  result = { code: null, message: `decoded ${Object.keys(cassette.data).length} keys` };
} catch (error) {
  result = { code: error.code ?? null, message: String(error.message) };
}
result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify(result));
