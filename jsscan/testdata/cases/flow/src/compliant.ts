import { session } from './auth';
import { postIdentities } from './api';

const DOMAIN = 'tenant.auth0.com';

// compliant: the access token kept in the other class field, through the same helper
export async function linkThroughHelper(userId: string, secondary: string) {
  await postIdentities(DOMAIN, userId, session.bearer(), { link_with: secondary });
}

// compliant: a variable first holding an ID token, then the access token that is sent
export async function linkReassigned(userId: string, secondary: string) {
  let tok = session.primaryToken;
  tok = session.bearer();
  const base = { 'Content-Type': 'application/json' };
  const headers = { ...base, Authorization: 'Bearer ' + tok };
  return fetch(`https://${DOMAIN}/api/v2/users/${userId}/identities`, { method: 'POST', headers, body: JSON.stringify({ link_with: secondary }) });
}
