import { useAuth0, Auth0ContextInterface, IdToken } from '@auth0/auth0-react';
import axios, { AxiosRequestConfig } from 'axios';

const DOMAIN: string = process.env.DOMAIN as string;
const api = axios.create({ baseURL: `https://${DOMAIN}/api/v2/` });

class Linker {
  constructor(private auth: Auth0ContextInterface) {
    this.auth = auth;
    this.claims = null;
  }
  private claims: IdToken | null | undefined;
  async load(): Promise<void> {
    this.claims = await this.auth.getIdTokenClaims();
  }

  headers(extra: Record<string, string>): Record<string, string> {
    return { ...extra, Authorization: 'Bearer ' + this.claims!.__raw };
  }

  async link(userId: string, secondary: string): Promise<unknown> {
    const opts: AxiosRequestConfig = { headers: this.headers({ 'X-App': 'web' }) };
    return api.post<unknown>(`users/${userId}/identities`, { link_with: secondary }, opts);
  }
}

export function LinkPanel(props: { userId: string }) {
  const auth = useAuth0();
  const linker = new Linker(auth);
  const onLink = async (secondary: string): Promise<void> => {
    await linker.load();
    await linker.link(props.userId, secondary);
  };
  const onUnlink = async (identity: { provider: string; user_id: string }) => {
    const { __raw: raw } = (await auth.getIdTokenClaims()) as IdToken;
    await fetch(`https://${DOMAIN}/api/v2/users/${props.userId}/identities/${identity.provider}/${identity.user_id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${raw}` } satisfies HeadersInit,
    });
  };
  return { onLink, onUnlink } as const;
}
