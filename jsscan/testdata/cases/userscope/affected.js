// A user-scoped token (update:current_user_identities) that links by user_id.
import createAuth0Client from '@auth0/auth0-spa-js';
import config from './auth_config.json';

const SCOPES = ['openid', 'profile', 'update:current_user_identities'];

export async function linkByUserId(primaryId, provider, secondaryUserId) {
  const client = await createAuth0Client({ domain: config.domain, client_id: config.clientId });
  const token = await client.getTokenSilently({ scope: SCOPES.join(' ') });
  await fetch(`https://${config.domain}/api/v2/users/${primaryId}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, // want: link-userid-current-user
    body: JSON.stringify({ provider, user_id: secondaryUserId }),
  });
}

export async function linkByUserIdConfigScope(primaryId, secondaryUserId) {
  const client = await createAuth0Client({ domain: config.domain, client_id: config.clientId, authorizationParams: { scope: config.linkScope } });
  const token = await client.getTokenSilently();
  const body = { provider: 'google-oauth2' };
  body.user_id = secondaryUserId;
  await fetch(`https://${config.domain}/api/v2/users/${primaryId}/identities`, {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + token }, // want: link-userid-current-user
    body: JSON.stringify(body),
  });
}
