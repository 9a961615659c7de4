// The auth layer: the only file of the app that names the SDK.
import { createAuth0Client } from '@auth0/auth0-spa-js';

const client = createAuth0Client({ domain: 'acme.eu.auth0.com', clientId: 'c1', authorizationParams: { audience: 'https://acme.eu.auth0.com/api/v2/' } });

export const bearer = async () => (await (await client).getIdTokenClaims()).__raw;
export const accessBearer = async () => (await client).getTokenSilently();
export const currentUser = async () => (await client).getUser();
