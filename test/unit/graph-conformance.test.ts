import { describe, expect, it } from 'vitest';
import { conformsToGraphPaths, nonConforming } from '../helpers/node/graph-conformance.ts';

describe('graph-paths conformance (the suite-wide check of global-setup.ts)', () => {
  it('accepts templates with their declared methods and query options', () => {
    expect(conformsToGraphPaths('GET', '/v1.0/users/abc/mailFolders/def/messages/delta()')).toBe(
      true,
    );
    expect(conformsToGraphPaths('GET', '/v1.0/users/abc/mailFolders/def/messages/delta')).toBe(
      true,
    );
    expect(conformsToGraphPaths('GET', '/v1.0/users/abc/messages/m1/$value')).toBe(true);
    expect(
      conformsToGraphPaths('GET', '/v1.0/users/abc/mailFolders?$top=10&includeHiddenFolders=true'),
    ).toBe(true);
    expect(conformsToGraphPaths('POST', '/v1.0/$batch')).toBe(true);
  });

  it('refuses unknown paths, methods and query options', () => {
    expect(conformsToGraphPaths('GET', '/v1.0/users/abc/notAThing')).toBe(false);
    expect(conformsToGraphPaths('DELETE', '/v1.0/users')).toBe(false);
    expect(conformsToGraphPaths('GET', '/v1.0/users/abc/messages/m1/$value?$expand=x')).toBe(false);
    expect(conformsToGraphPaths('GET', '/v1.0/$batch')).toBe(false);
  });

  it('checks Graph requests only, not login, control or download URLs', () => {
    expect(
      nonConforming([
        { method: 'POST', url: 'http://127.0.0.1:1/tenant/oauth2/v2.0/token' },
        { method: 'GET', url: 'http://127.0.0.1:1/_sim/tenant' },
        { method: 'GET', url: 'http://127.0.0.1:1/v1.0/users/abc/bogus' },
      ]),
    ).toEqual([{ method: 'GET', url: 'http://127.0.0.1:1/v1.0/users/abc/bogus' }]);
  });
});
