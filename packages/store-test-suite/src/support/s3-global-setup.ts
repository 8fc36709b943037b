/**
 * A vitest `globalSetup` that gives the run one S3 API server on loopback: moto started here (stopped
 * after the run, and on SIGINT/SIGTERM) or the one in CASSETTE_S3_ENDPOINT. Tests read it with
 * `inject('s3Endpoint')`. Use it as `globalSetup: [require.resolve('@cassettekit/store-test-suite/s3-global-setup')]`.
 */
import type { TestProject } from 'vitest/node';
import { findMotoPython, provideS3Server, type S3TestServer } from './s3-server.js';

let server: S3TestServer | undefined;

const onSignal = (signal: NodeJS.Signals): void => {
  void server?.stop().finally(() => process.kill(process.pid, signal));
};

export async function setup(project: TestProject): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  server = await provideS3Server();
  project.provide('s3Endpoint', server.endpoint);
  project.provide('s3Owned', server.owned);
  // The wrong-credentials test starts a moto that checks credentials, also when the main server is given.
  project.provide('motoPython', server.python ?? findMotoPython() ?? '');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

export async function teardown(): Promise<void> {
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  await server?.stop();
  server = undefined;
}
