// Token sources in one module, used from another (ES module imports within the project).
import { WebAuth } from 'auth0-js';

const webAuth = new WebAuth({ domain: 'tenant.auth0.com', clientID: 'abc', responseType: 'token id_token' });

export class Session {
  private idToken = '';
  private accessToken = '';

  restore(): Promise<void> {
    return new Promise((resolve) => {
      webAuth.checkSession({}, (err, result) => {
        this.idToken = result.idToken;
        this.accessToken = result.accessToken;
        resolve();
      });
    });
  }

  get primaryToken(): string {
    return this.idToken;
  }

  bearer(): string {
    return this.accessToken;
  }
}

export const session = new Session();

export function getIdToken(): string {
  return session.primaryToken;
}
