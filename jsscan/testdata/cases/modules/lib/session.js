// auth0-spa-js behind a module, as an app's auth layer.
import { createAuth0Client } from '@auth0/auth0-spa-js';
import config from './config.js';

let client;

export const getClient = async () => {
  client ??= await createAuth0Client({
    domain: config.domain,
    clientId: config.clientId,
    authorizationParams: { audience: `https://${config.domain}/api/v2/`, scope: 'openid profile update:current_user_identities' },
  });
  return client;
};

export async function currentIdToken() {
  const claims = await (await getClient()).getIdTokenClaims();
  return claims?.__raw;
}

export const currentAccessToken = async () => (await getClient()).getTokenSilently();

export default { getClient, currentIdToken, currentAccessToken };
