// Verifies captured ShopHooks deliveries with the npm libraries an integrator would use.
// Input: a JSON file of requests {format, secret, headers, body (base64)}. Output: one
// line of JSON per request: whether each library accepted the signature, and how.
const fs = require('fs');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');

function attempt(verify) {
  try {
    const parsed = verify();
    return { verified: true, parsed: parsed !== undefined };
  } catch (e) {
    // a SyntaxError comes after the signature matched: the library then parses the body as JSON
    return { verified: e instanceof SyntaxError, error: e.constructor.name + ': ' + e.message };
  }
}

const requests = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const r of requests) {
  const body = Buffer.from(r.body, 'base64').toString('utf8');
  const standardDefault = attempt(() => new StandardWebhook(r.secret).verify(body, r.headers));
  // the way to verify XML and form bodies: tell it not to parse the payload as JSON
  const standardRaw = attempt(() => new StandardWebhook(r.secret).verify(body, r.headers, { jsonParse: false }));
  const svix = attempt(() => new SvixWebhook(r.secret).verify(body, r.headers));
  console.log(JSON.stringify({ name: r.name, standardDefault, standardRaw, svix }));
}
