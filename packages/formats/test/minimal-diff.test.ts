import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Cassette, interactionsOf, type ValueMap } from '@cassettekit/core';
import { CORPUS_ROOT } from '@cassettekit/store-test-suite';
import { describe, expect, it } from 'vitest';
import { yamlCodec } from '../src/index.js';

/** Lines of `after` that are not in `before` at the same place (a plain line diff is enough here). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

async function load(rel: string): Promise<{ text: string; cassette: Cassette }> {
  const text = await readFile(join(CORPUS_ROOT, rel), 'utf8');
  return { text, cassette: yamlCodec().decode(text) };
}

function rerecord(cassette: Cassette, index: number, body: string): void {
  (interactionsOf(cassette.data)[index]!.response.body as ValueMap).string = body;
}

describe('rewriting a cassette after one interaction changed', () => {
  it('changes only that interaction in a file PyYAML wrote (its style is detected and kept)', async () => {
    const { text, cassette } = await load(
      'crewAIInc__crewAI/lib__crewai__tests__cassettes__agents__test_disabling_cache_for_agent.yaml',
    );
    rerecord(cassette, 3, 'a new answer');
    const { removed, added } = changedLines(text, yamlCodec().encode(cassette));
    expect(added).toEqual(['      string: a new answer']);
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.every((line) => line.startsWith('      string:') || line.startsWith('        '))).toBe(
      true,
    );
  });

  it('changes only that interaction in a file no PyYAML style reproduces (edited by hand)', async () => {
    const { text, cassette } = await load(
      'crewAIInc__crewAI/lib__crewai__tests__cassettes__agents__test_agent_step_callback.yaml',
    );
    const codec = yamlCodec();
    expect(codec.detectStyle(text, cassette.data)).toBeNull();
    rerecord(cassette, 2, 'a new answer');
    const out = codec.encode(cassette);
    const { added } = changedLines(text, out);
    expect(added).toContain('      string: a new answer');
    // Everything outside the third interaction is the original text, byte for byte.
    const items = text.split(/^(?=- request:)/m);
    const outItems = out.split(/^(?=- request:)/m);
    expect(outItems.length).toBe(items.length);
    items.forEach((item, i) => {
      if (i !== 3) expect(outItems[i] === item, `interaction chunk ${i}`).toBe(true);
    });
  });
});
