// URLs built with the URL class.
import { createAuth0Client } from '@auth0/auth0-spa-js';

const DOMAIN = 'acme.us.auth0.com';
const clientP = createAuth0Client({ domain: DOMAIN, clientId: 'c1' });

export async function linkViaUrlClass(id, second) {
  const raw = (await (await clientP).getIdTokenClaims()).__raw;
  const url = new URL(`/api/v2/users/${encodeURIComponent(id)}/identities`, `https://${DOMAIN}`);
  await fetch(url.toString(), { method: 'POST', headers: { Authorization: `Bearer ${raw}` }, body: JSON.stringify({ link_with: second }) }); // want: link-idtoken-bearer
}

// compliant: the same URL, an access token
export async function linkViaUrlClassAccessToken(id, second) {
  const token = await (await clientP).getTokenSilently();
  const url = new URL(`https://${DOMAIN}/api/v2/users/${encodeURIComponent(id)}/identities`);
  await fetch(url.href, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ link_with: second }) });
}
