// node-auth0 clients: one per user, from a refresh-token exchange with the user-scoped scope.
const { ManagementClient } = require('auth0');

async function userManagement(refreshToken) {
  const res = await fetch(`https://${process.env.AUTH0_DOMAIN}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: process.env.CLIENT_ID, refresh_token: refreshToken, scope: 'openid update:current_user_identities' }),
  });
  const { access_token } = await res.json();
  return new ManagementClient({ domain: process.env.AUTH0_DOMAIN, token: access_token });
}
module.exports = { userManagement };
