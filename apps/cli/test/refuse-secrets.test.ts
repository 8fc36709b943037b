import { isCassetteError } from '@cassettekit/core';
import { parseAllowList } from '@cassettekit/secrets';
import { describe, expect, it } from 'vitest';
import { refuseSecrets } from '../src/util/secrets.js';

// For `push`: what it calls before uploading each cassette (unless --allow-secrets).
const token = `ghp_${'aB3cD5eF7gH9iJkLmNoPqRsTuVwXyZ012345'}`;
const leaky = {
  data: {
    interactions: [
      {
        request: {
          method: 'GET',
          uri: 'https://api.github.com/user',
          body: null,
          headers: { Authorization: [`token ${token}`] },
        },
        response: { status: { code: 200, message: 'OK' }, headers: {}, body: { string: '{}' } },
      },
    ],
    version: 1,
  },
};

describe('refuseSecrets (push)', () => {
  it('throws PERMISSION_DENIED naming the store, cassette and masked secret, and how to proceed', () => {
    let error: unknown;
    try {
      refuseSecrets('s3://bucket/ci', 'github/user', leaky);
    } catch (e) {
      error = e;
    }
    expect(isCassetteError(error, 'PERMISSION_DENIED')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('[s3://bucket/ci] github/user: refusing to upload: 1 secret(s) found');
    expect(message).toContain('#1 request.headers.Authorization[0] ghp_…2345');
    expect(message).toContain('--allow-secrets');
    expect(message).not.toContain(token);
  });

  it('lets clean and allow-listed cassettes through', () => {
    const clean = { data: { interactions: [], version: 1 } };
    expect(() => refuseSecrets('s3://bucket/ci', 'x', clean)).not.toThrow();
    expect(() =>
      refuseSecrets('s3://bucket/ci', 'github/user', leaky, parseAllowList('[{"rule": "authorization"}]')),
    ).not.toThrow();
  });
});
