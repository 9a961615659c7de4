// auth0-angular: AuthService is injected by type (gone once TypeScript is stripped); its
// idTokenClaims$ and getAccessTokenSilently() are Observables.
import { Injectable } from '@angular/core';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { AuthService } from '@auth0/auth0-angular';
import { firstValueFrom, map, switchMap } from 'rxjs';

const DOMAIN = 'acme.auth0.com';

@Injectable({ providedIn: 'root' })
export class LinkingService {
  constructor(private auth: AuthService, private http: HttpClient) {}

  async link(primaryId: string, secondaryIdToken: string): Promise<void> {
    const claims = await firstValueFrom(this.auth.idTokenClaims$);
    const headers = new HttpHeaders().set('Authorization', `Bearer ${claims?.__raw}`); // want: link-idtoken-bearer
    await firstValueFrom(this.http.post(`https://${DOMAIN}/api/v2/users/${primaryId}/identities`, { link_with: secondaryIdToken }, { headers }));
  }

  unlink(primaryId: string, provider: string, userId: string) {
    return this.auth.idTokenClaims$.pipe(
      map((c) => c!.__raw),
      switchMap((raw) => this.http.delete(`https://${DOMAIN}/api/v2/users/${primaryId}/identities/${provider}/${userId}`, { headers: { Authorization: `Bearer ${raw}` } })), // want: unlink-idtoken-bearer
    );
  }

  // compliant: access token from getAccessTokenSilently
  async linkWithAccessToken(primaryId: string, secondaryIdToken: string): Promise<void> {
    const token = await firstValueFrom(this.auth.getAccessTokenSilently());
    const headers = new HttpHeaders({ Authorization: `Bearer ${token}` });
    await firstValueFrom(this.http.post(`https://${DOMAIN}/api/v2/users/${primaryId}/identities`, { link_with: secondaryIdToken }, { headers }));
  }

  // compliant: unlink with the access token, through pipe
  unlinkWithAccessToken(primaryId: string, provider: string, userId: string) {
    return this.auth.getAccessTokenSilently().pipe(
      switchMap((token) => this.http.delete(`https://${DOMAIN}/api/v2/users/${primaryId}/identities/${provider}/${userId}`, { headers: { Authorization: `Bearer ${token}` } })),
    );
  }
}
