// Values of unknown origin: only a name that says ID token makes a finding, and only suspected.
import { getSession, getServiceToken } from './session-store';

const DOMAIN = process.env.AUTH0_DOMAIN;

export async function linkWithStoredJwt(primaryId, secondary) {
  const { userJwt } = await getSession();
  return fetch(`https://${DOMAIN}/api/v2/users/${primaryId}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${userJwt}` }, body: JSON.stringify({ link_with: secondary }) }); // want: link-idtoken-bearer suspected
}

export async function unlinkWithPrimaryIdToken(primaryId, provider, userId) {
  const primaryIdToken = (await getSession()).token;
  return fetch(`https://${DOMAIN}/api/v2/users/${primaryId}/identities/${provider}/${userId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${primaryIdToken}` } }); // want: unlink-idtoken-bearer suspected
}

// compliant: a name saying access token, even with "jwt" in it
export async function linkWithAccessJwt(primaryId, secondary) {
  const accessJwt = await getServiceToken();
  return fetch(`https://${DOMAIN}/api/v2/users/${primaryId}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${accessJwt}` }, body: JSON.stringify({ link_with: secondary }) });
}

// compliant: a management (M2M) token named as such
export async function unlinkWithManagementJwt(primaryId, provider, userId) {
  const mgmtJwt = await getServiceToken();
  return fetch(`https://${DOMAIN}/api/v2/users/${primaryId}/identities/${provider}/${userId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${mgmtJwt}` } });
}
