// The same calls made right: link_with with a user-scoped token; user_id with a server token.
import createAuth0Client from '@auth0/auth0-spa-js';
import config from './auth_config.json';

const SCOPES = ['openid', 'profile', 'update:current_user_identities'];

// compliant: user-scoped token sending link_with
export async function linkWithIdToken(primaryId, secondaryIdToken) {
  const client = await createAuth0Client({ domain: config.domain, client_id: config.clientId });
  const token = await client.getTokenSilently({ scope: SCOPES.join(' ') });
  await fetch(`https://${config.domain}/api/v2/users/${primaryId}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_with: secondaryIdToken }),
  });
}

// compliant: a client-credentials token (update:users) may send user_id
export async function linkServerSide(primaryId, secondaryUserId) {
  const res = await fetch(`https://${config.domain}/oauth/token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: process.env.AUTH0_CLIENT_SECRET, audience: `https://${config.domain}/api/v2/` }),
  });
  const { access_token } = await res.json();
  await fetch(`https://${config.domain}/api/v2/users/${primaryId}/identities`, {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + access_token },
    body: JSON.stringify({ provider: 'google-oauth2', user_id: secondaryUserId }),
  });
}
