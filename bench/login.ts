// `npm run bench:login`: p50/p95 of 100 logins over HTTP against the whole offline stack, at the production
// password cost (scrypt N=2^17). The per-IP login limit is raised for the run: every request comes from 127.0.0.1.
import { freePort } from '../scripts/local/ports.ts';
import { startLocalStack } from '../scripts/local/stack.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 100);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

Object.assign(process.env, {
  RATE_LOGIN_PER_IP: '100000/900',
  PASSWORD_SCRYPT_LOG_N: process.env.PASSWORD_SCRYPT_LOG_N ?? '17',
  ESBUILD_WORK_FOLDER: '.esbuild-bench',
});
const stack = await startLocalStack({
  stage: 'test',
  quiet: true,
  ports: {
    http: await freePort(),
    websocket: await freePort(),
    lambda: await freePort(),
    dynamodb: await freePort(),
    sqs: await freePort(),
    paymentProvider: await freePort(),
  },
});
try {
  const post = (path: string, body: unknown) =>
    fetch(`${stack.urls.httpApi}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const credentials = { email: `bench-${Date.now()}@example.com`, password: 'Bench-Passw0rd-123!' };
  const registered = await post('/auth/register', { ...credentials, name: 'Bench' });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  await post('/auth/login', credentials); // warm the container: the cold start is not what this measures
  const timings: number[] = [];
  for (let i = 0; i < LOGINS; i += 1) {
    const started = performance.now();
    const response = await post('/auth/login', credentials);
    await response.text();
    if (response.status !== 200) throw new Error(`login ${i} answered ${response.status}`);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  console.log(`logins: ${LOGINS} at scrypt ln=${process.env.PASSWORD_SCRYPT_LOG_N}, sequential, warm container`);
  console.log(
    `p50 ${percentile(timings, 50).toFixed(0)} ms   p95 ${percentile(timings, 95).toFixed(0)} ms   min ${timings[0]!.toFixed(0)} ms   max ${timings.at(-1)!.toFixed(0)} ms`,
  );
} finally {
  await stack.stop();
}
