import { getIdToken, session } from './auth';
import { postIdentities, authHeaders } from './api';

const DOMAIN = 'tenant.auth0.com';

// An imported getter returning the ID token kept in a class field, through a helper.
export async function linkThroughHelper(userId: string, secondary: string) {
  await postIdentities(DOMAIN, userId, getIdToken(), { link_with: secondary }); // want: link-idtoken-bearer
}

// Destructuring, spread and a closure over an awaited value.
export async function linkWithSpread(userId: string, secondary: string) {
  await session.restore();
  const { primaryToken: tok } = session;
  const base = { 'Content-Type': 'application/json' };
  const send = async () => {
    const headers = { ...base, Authorization: 'Bearer ' + tok }; // want: link-idtoken-bearer
    return fetch(`https://${DOMAIN}/api/v2/users/${userId}/identities`, { method: 'POST', headers, body: JSON.stringify({ link_with: secondary }) });
  };
  return send();
}
