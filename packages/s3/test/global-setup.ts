import type { TestProject } from 'vitest/node';
import { findMotoPython, provideS3Server, type S3TestServer } from './moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Owned: boolean;
    /** The Python with moto's server (empty when the server came from the environment). */
    motoPython: string;
  }
}

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
