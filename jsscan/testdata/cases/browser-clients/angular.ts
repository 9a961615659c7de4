import { Injectable } from '@angular/core';
import { HttpClient, HttpHeaders } from '@angular/common/http';
import { AuthService } from './auth.service';

@Injectable({ providedIn: 'root' })
export class LinkService {
  constructor(private http: HttpClient, private auth: AuthService) {}

  link(userId: string, secondary: string) {
    const headers = new HttpHeaders().set('Authorization', `Bearer ${this.auth.idToken}`); // want: link-idtoken-bearer suspected
    return this.http.post(`https://${this.auth.domain}/api/v2/users/${userId}/identities`, { link_with: secondary }, { headers });
  }

  // compliant: the access token
  unlink(userId: string, provider: string, id: string) {
    const headers = new HttpHeaders({ Authorization: `Bearer ${this.auth.accessToken}` });
    return this.http.delete(`https://${this.auth.domain}/api/v2/users/${userId}/identities/${provider}/${id}`, { headers });
  }
}
