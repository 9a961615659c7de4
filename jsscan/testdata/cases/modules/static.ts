// TypeScript static class fields (esbuild turns them into static blocks) and Array join.
import { Auth0Client } from '@auth0/auth0-spa-js';

export class Identities {
  static readonly DOMAIN: string = 'acme.eu.auth0.com';
  static readonly BASE = `https://${Identities.DOMAIN}/api/v2`;
  private static client = new Auth0Client({ domain: Identities.DOMAIN, clientId: 'c1' });

  static async unlinkWithIdToken(primaryId: string, provider: string, userId: string): Promise<void> {
    const raw = (await Identities.client.getIdTokenClaims())?.__raw;
    await fetch(`${Identities.BASE}/users/${primaryId}/identities/${provider}/${userId}`, {
      method: 'DELETE',
      headers: { Authorization: ['Bearer', raw].join(' ') }, // want: unlink-idtoken-bearer
    });
  }

  // compliant: the access token, joined the same way
  static async unlinkWithAccessToken(primaryId: string, provider: string, userId: string): Promise<void> {
    const token = await Identities.client.getTokenSilently();
    await fetch(`${Identities.BASE}/users/${primaryId}/identities/${provider}/${userId}`, {
      method: 'DELETE',
      headers: { Authorization: ['Bearer', token].join(' ') },
    });
  }
}
