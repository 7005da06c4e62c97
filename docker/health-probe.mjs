// HEALTHCHECK probe: GET the URL given as the only argument; exit 0 on a 2xx answer within the
// timeout, 1 otherwise (as `curl -fsS`). The images run it with the node they already have, so
// they need neither curl nor its libraries. node:http rather than fetch: it starts in about half
// the time and memory, which matters for a process spawned every few seconds.
//   node /usr/local/lib/health-probe.mjs http://127.0.0.1:8000/health
import { get } from 'node:http';

const TIMEOUT_MS = 2500;
const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: node health-probe.mjs URL\n');
  process.exit(2);
}

const fail = (reason) => {
  process.stderr.write(`${url}: ${reason}\n`);
  process.exit(1);
};
const timer = setTimeout(() => fail(`no answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
get(url, (response) => {
  clearTimeout(timer);
  response.resume();
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  if (!ok) fail(`HTTP ${response.statusCode}`);
}).on('error', (error) => fail(error.code ?? error.message));
