import {
  type InteractionData,
  requestBody,
  requestFingerprint,
  requestMethod,
  requestUri,
  valueDigest,
} from '@cassettekit/core';

/**
 * A stable identity for each interaction of a cassette: its request fingerprint plus which
 * occurrence of that request it is (the same request is often recorded many times, e.g. one OpenAI
 * URL 913 times in crewAI). Two versions of a cassette are compared and merged by these keys.
 */
export interface KeyedInteraction {
  readonly key: string;
  readonly index: number;
  readonly interaction: InteractionData;
  /** Digest of the whole interaction: equal digests, equal interactions. */
  readonly digest: string;
}

export function keyInteractions(interactions: readonly InteractionData[]): KeyedInteraction[] {
  const seen = new Map<string, number>();
  return interactions.map((interaction, index) => {
    const fingerprint = requestFingerprint({
      method: requestMethod(interaction),
      uri: requestUri(interaction),
      body: requestBody(interaction),
    });
    const occurrence = seen.get(fingerprint) ?? 0;
    seen.set(fingerprint, occurrence + 1);
    return { key: `${fingerprint}#${occurrence}`, index, interaction, digest: valueDigest(interaction) };
  });
}
