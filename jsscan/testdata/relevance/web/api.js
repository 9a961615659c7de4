// The API layer: Management API calls, the token given by the caller.
const DOMAIN = 'acme.eu.auth0.com';

export async function attach(primary, token, body) {
  return fetch(`https://${DOMAIN}/api/v2/users/${primary}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}
