/**
 * API latency on the local stack: sign-in (the password hash at the production iteration
 * count dominates it) and authenticated reads with a session cookie and with an API token.
 * Reference: a Worker invocation on the Free plan may use 10 ms of CPU and on paid plans
 * 30 s by default; sign-in must stay far below the latter. Figures are wall-clock on this
 * machine, printed with the ratio of sign-in p95 to a 1 s budget for an interactive sign-in.
 */
import { startLocalStack } from '../test/helpers/node/local-stack.ts';
import { percentile, round, timed } from './lib/stats.ts';

const SIGNIN_BUDGET_MS = 1000;

export async function runApiBench(): Promise<Record<string, number>> {
  const stack = await startLocalStack({ seedDemo: true });
  try {
    const demo = stack.demo!;
    const signIn = async () => {
      const res = await fetch(`${stack.url}/api/v1/auth/signin`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: stack.url },
        body: JSON.stringify({ email: demo.email, password: demo.password }),
      });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error('sign-in set no cookie');
      return cookie;
    };
    const signInMs: number[] = [];
    let cookie = '';
    for (let i = 0; i < 20; i++) {
      const [value, ms] = await timed(signIn);
      cookie = value;
      signInMs.push(ms);
    }

    const created = await fetch(`${stack.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: stack.url },
      body: JSON.stringify({ name: 'bench', scopes: ['account.settings.view'], expiresInDays: 1 }),
    });
    if (created.status !== 201) throw new Error(`token creation answered ${created.status}`);
    const { secret } = (await created.json()) as { secret: string };

    const read = async (headers: Record<string, string>) => {
      const samples: number[] = [];
      for (let i = 0; i < 200; i++) {
        const [res, ms] = await timed(() => fetch(`${stack.url}/api/v1/me`, { headers }));
        if (res.status !== 200) throw new Error(`GET /me answered ${res.status}`);
        await res.arrayBuffer();
        samples.push(ms);
      }
      return samples;
    };
    const sessionMs = await read({ Cookie: cookie });
    const tokenMs = await read({ Authorization: `Bearer ${secret}` });

    const figures = {
      signin_p50_ms: round(percentile(signInMs, 50)),
      signin_p95_ms: round(percentile(signInMs, 95)),
      signin_p95_ratio_to_1s_budget: round(percentile(signInMs, 95) / SIGNIN_BUDGET_MS, 3),
      me_session_p50_ms: round(percentile(sessionMs, 50), 2),
      me_session_p95_ms: round(percentile(sessionMs, 95), 2),
      me_token_p50_ms: round(percentile(tokenMs, 50), 2),
      me_token_p95_ms: round(percentile(tokenMs, 95), 2),
    };
    console.log('API latency on the local stack (wall clock, this machine)');
    for (const [name, value] of Object.entries(figures))
      console.log(`  ${name.padEnd(32)} ${value}`);
    return figures;
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runApiBench()));
}
