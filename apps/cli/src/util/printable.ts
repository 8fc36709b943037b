/**
 * Text from a cassette made safe for a terminal: C0 and C1 control characters (escape sequences
 * could clear the screen, retitle the window or hide lines) are shown as `\u001b`-style escapes.
 * Tabs stay tabs.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A name on a line of its own (`ls`): as {@link printable}, and line breaks and tabs escaped too, so
 * that a name holding a newline is still one line.
 */
export function printableLine(text: string): string {
  return printable(text).replace(/[\t\n]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
