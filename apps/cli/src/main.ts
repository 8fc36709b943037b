#!/usr/bin/env node
import { run } from './program.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `cassette ls | head` closes the pipe early: the reader has what it wanted. Stop printing, but let
// the command finish its work (a migration must not stop half way because its output is unread).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stdout.write = () => true;
});
process.exitCode = await run(process.argv.slice(2));
