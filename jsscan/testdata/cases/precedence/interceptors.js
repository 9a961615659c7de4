// An interceptor that sets Authorization on every request overrides the request's own header
// (axios runs interceptors after merging the config); one that checks the URL first does not
// touch Auth0's requests.
import axios from 'axios';
import { createAuth0Client } from '@auth0/auth0-spa-js';

const domain = 'acme.auth0.com';
const auth0 = createAuth0Client({ domain, clientId: 'x', authorizationParams: { audience: `https://${domain}/api/v2/` } });

const everything = axios.create();
everything.interceptors.request.use(async (config) => {
  const claims = await (await auth0).getIdTokenClaims();
  config.headers.Authorization = `Bearer ${claims.__raw}`; // want: link-idtoken-bearer
  return config;
});

export async function linkThroughEverything(primaryId, secondaryIdToken) {
  const at = await (await auth0).getTokenSilently();
  return everything.post(`https://${domain}/api/v2/users/${primaryId}/identities`, { link_with: secondaryIdToken }, { headers: { Authorization: `Bearer ${at}` } });
}

const ownApi = axios.create();
ownApi.interceptors.request.use(async (config) => {
  if (config.baseURL === 'https://api.acme.com' || config.url.startsWith('https://api.acme.com')) {
    const claims = await (await auth0).getIdTokenClaims();
    config.headers.Authorization = `Bearer ${claims.__raw}`;
  }
  return config;
});

// compliant: the guarded interceptor leaves the link request's access token alone
export async function linkThroughOwnApi(primaryId, secondaryIdToken) {
  const at = await (await auth0).getTokenSilently();
  return ownApi.post(`https://${domain}/api/v2/users/${primaryId}/identities`, { link_with: secondaryIdToken }, { headers: { Authorization: `Bearer ${at}` } });
}
