import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

/**
 * Behind Caddy or nginx every request comes from the proxy's address: without CANDOR_TRUST_PROXY the
 * sign-in limit would be one bucket for everybody (and X-Forwarded-For, which anyone can send, must not
 * be believed). With it, the client's own address counts (issue 17).
 */
describe.skipIf(pgMissing)('CANDOR_TRUST_PROXY', () => {
  let behind: TestContext;
  let direct: TestContext;
  beforeAll(async () => {
    // inject() connects from 127.0.0.1: that is the proxy here
    behind = await createTestContext({ signInPerMinute: 3, env: { CANDOR_TRUST_PROXY: '127.0.0.1' } });
    direct = await createTestContext({ signInPerMinute: 3 });
  });
  afterAll(async () => {
    await behind?.close();
    await direct?.close();
  });

  const attempts = async (ctx: TestContext, forwardedFor: string, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'x-forwarded-for': forwardedFor },
        payload: { email: 'stakeholder@demo.candor.dev', password: `wrong-guess-${i}` },
      });
      out.push(r.statusCode);
    }
    return out;
  };

  it("behind a trusted proxy, the limit is the client's: one client's guesses do not lock out another", async () => {
    expect(await attempts(behind, '203.0.113.7', 4)).toEqual([401, 401, 401, 429]);
    expect(await attempts(behind, '198.51.100.20', 1)).toEqual([401]);
  });

  it('without it, X-Forwarded-For is not believed: a guesser cannot dodge the limit by inventing addresses', async () => {
    const s = [...(await attempts(direct, '203.0.113.7', 2)), ...(await attempts(direct, '198.51.100.20', 2))];
    expect(s).toEqual([401, 401, 401, 429]);
  });
});
