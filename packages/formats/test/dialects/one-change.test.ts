import { type Cassette, interactionsOf, type ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { codecFor } from '../../src/index.js';
import { type Fixture, fixturesOf } from './fixtures.js';

/** The differing middle of two texts: what was removed from `before` and added in `after`. */
function middle(before: string, after: string): { removed: string; added: string; start: number } {
  let head = 0;
  while (head < before.length && before[head] === after[head]) head += 1;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail += 1;
  return {
    removed: before.slice(head, before.length - tail),
    added: after.slice(head, after.length - tail),
    start: head,
  };
}

function fixture(dialect: Parameters<typeof fixturesOf>[0], part: string): Fixture {
  const found = fixturesOf(dialect).find((f) => f.rel.includes(part));
  if (found === undefined) throw new Error(`no fixture ${part}`);
  return found;
}

/** Re-records interaction `index`'s response body in the document, where the tool keeps it. */
const setBody: Record<string, (interaction: ValueMap, body: string) => void> = {
  har: (entry, body) => {
    ((entry.response as ValueMap).content as ValueMap).text = body;
  },
  betamax: (interaction, body) => {
    ((interaction.response as ValueMap).body as ValueMap).string = body;
  },
  'ruby-vcr': (interaction, body) => {
    const holder = (interaction.response as ValueMap).body as ValueMap;
    delete holder.base64_string;
    holder.string = body;
  },
  nock: (definition, body) => {
    definition.response = body;
  },
};

const cases: Array<[string, Fixture, number]> = [
  ['har', fixture('har', 'Update-a-tag-configuration-returns-OK-response'), 2],
  ['betamax', fixture('betamax', 'replay_multiple_times'), 1],
  ['ruby-vcr', fixture('ruby-vcr', 'checks_if_a_user_is_a_repository_collaborator'), 2],
  ['nock', fixture('nock', 'good_request'), 0],
];

describe("a changed cassette is rewritten by its tool's writer: only the changed interaction differs", () => {
  it.each(cases)('%s', (dialect, f, index) => {
    const codec = codecFor(f.codec);
    const cassette: Cassette = codec.decode(f.text);
    const interactions = interactionsOf(cassette.data);
    expect(interactions.length).toBeGreaterThan(index);
    const before = interactions.map((i) => JSON.stringify(i));
    setBody[dialect]!(interactions[index]!, 'a new answer');
    const out = codec.encode(cassette);
    const { removed, added, start } = middle(f.text, out);
    // Only the body's value changed, in place.
    expect(added).toContain('a new answer');
    expect(added).not.toMatch(/"(request|response|status|headers)"/);
    expect(removed).not.toMatch(/"(request|response|status|headers)"/);
    // ...and it lies in the changed interaction: the text before it holds every earlier one whole.
    const reread = interactionsOf(codec.decode(out).data);
    reread.forEach((interaction, i) => {
      if (i !== index) expect(JSON.stringify(interaction)).toBe(before[i]);
    });
    // In a multi-line file, the lines before and after the change are the original's.
    const lines = removed.split('\n').length;
    expect(lines).toBe(added.split('\n').length);
    expect(f.text.slice(0, start).split('\n').length + lines - 1).toBeLessThanOrEqual(
      f.text.split('\n').length,
    );
  });
});
