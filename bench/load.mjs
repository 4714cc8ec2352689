// Runs autocannon in its own process, so the load generator does not share
// the server's event loop (both would otherwise run on one thread).
// Usage: node bench/load.mjs '{"url":…,"connections":32,"duration":5,"headers":{}}' → prints JSON {average, non2xx}
import autocannon from 'autocannon';

const opts = JSON.parse(process.argv[2]);
const result = await autocannon(opts);
process.stdout.write(JSON.stringify({ average: result.requests.average, non2xx: result.non2xx, errors: result.errors }));
