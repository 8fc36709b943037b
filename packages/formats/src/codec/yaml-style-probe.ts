import { type CassetteData, PyFloat, type Value } from '@cassettekit/core';
import { dumpPyYaml, type YamlStyle } from '../pyyaml/index.js';

/**
 * A cheap first test of a candidate style: emit the document with only its first interaction and
 * check the text starts the same way, so a wrong style costs one interaction, not the whole file.
 *
 * Sound because, for `{interactions, version}` with sorted keys, the full emit is
 * `interactions:\n- <first>` + `- <rest>…` + `version: …`, where `<first>` (with the line break
 * after it) is written the same whatever follows it at column 0: the emitter looks ahead only to
 * see whether a collection is empty (and, under flow 'auto', whether it holds only scalars: guarded
 * below). Shared objects break this (an anchor's number depends on the whole document), so a text
 * with `&` is not probed: it is only ever equal to an emit without anchors. The caller keeps the
 * full emit as the final word.
 */
export function firstInteractionProbe(
  text: string,
  data: CassetteData,
): ((style: YamlStyle) => boolean) | null {
  const record = data as unknown as Record<string, Value>;
  const keys = Object.keys(record);
  const interactions = record.interactions;
  if (keys.length !== 2 || !('version' in record) || !Array.isArray(interactions)) return null;
  if (interactions.length < 2 || text.includes('&')) return null;
  // A scalar version is written `version: <v>` in either flow style; a root `{version: …}` alone
  // would be a leaf written in flow under 'auto', so the tail is measured in block style.
  const version = record.version;
  if (typeof version === 'object' && version !== null) return null;
  // flow 'auto' writes a list of plain scalars as `[a, b]`: with a scalar first item, the list's
  // style would depend on the items the probe leaves out.
  const first = interactions[0] as Value;
  if (typeof first !== 'object' || first === null || first instanceof PyFloat) return null;
  const probe = { interactions: [first], version };
  const tail = { version };
  return (style) => {
    let head: string;
    try {
      const whole = dumpPyYaml(probe, style);
      const end = dumpPyYaml(tail, { ...style, flow: 'block' });
      if (!whole.endsWith(end)) return true;
      head = whole.slice(0, whole.length - end.length);
    } catch {
      return true; // no verdict: leave it to the full emit
    }
    return text.startsWith(head);
  };
}
