#!/usr/bin/env node
// The `cassette` command. A committed file (not dist/), so that npm links it at install time, before
// the first build; it runs the built command.
try {
  await import('../dist/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    process.stderr.write('cassette is not built yet: run "npm run build" in the repository first\n');
    process.exit(2);
  }
  throw error;
}
