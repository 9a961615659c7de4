// A header written on the request wins over defaults and over an interceptor that only
// serves the app's own API.
import axios from 'axios';
import { createAuth0Client } from '@auth0/auth0-spa-js';

const API_URL = 'https://api.acme.com';
const domain = 'acme.auth0.com';
const auth0 = createAuth0Client({ domain, clientId: 'x', authorizationParams: { audience: `https://${domain}/api/v2/` } });

// The app's API authenticates with the ID token; the interceptor touches its requests only.
axios.interceptors.request.use(async (config) => {
  if (config.url && config.url.startsWith(API_URL)) {
    const claims = await (await auth0).getIdTokenClaims();
    config.headers.Authorization = `Bearer ${claims.__raw}`;
  }
  return config;
});

// compliant: the link request carries its own access token
export async function link(primaryId, secondaryIdToken) {
  const at = await (await auth0).getTokenSilently();
  return axios.post(`https://${domain}/api/v2/users/${primaryId}/identities`, { link_with: secondaryIdToken }, { headers: { Authorization: `Bearer ${at}` } });
}

const mgmt = axios.create({ baseURL: `https://${domain}/api/v2` });
auth0.then((c) => c.getTokenSilently()).then((t) => {
  mgmt.defaults.headers.common.Authorization = `Bearer ${t}`;
});

export async function unlink(primaryId, provider, userId) {
  const claims = await (await auth0).getIdTokenClaims();
  return mgmt.delete(`/users/${primaryId}/identities/${provider}/${userId}`, { headers: { Authorization: `Bearer ${claims.__raw}` } }); // want: unlink-idtoken-bearer
}
