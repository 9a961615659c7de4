import { useAuth0 } from '@auth0/auth0-react';
import axios from 'axios';

const DOMAIN = process.env.DOMAIN;
const api = axios.create({ baseURL: `https://${DOMAIN}/api/v2/` });

class Linker {
  constructor(auth) {
    this.auth = auth;
    this.claims = null;
  }

  async load() {
    this.claims = await this.auth.getIdTokenClaims();
  }

  headers(extra) {
    return { ...extra, Authorization: 'Bearer ' + this.claims.__raw };
  }

  async link(userId, secondary) {
    const opts = { headers: this.headers({ 'X-App': 'web' }) };
    return api.post(`users/${userId}/identities`, { link_with: secondary }, opts);
  }
}

export function LinkPanel(props) {
  const auth = useAuth0();
  const linker = new Linker(auth);
  const onLink = async (secondary) => {
    await linker.load();
    await linker.link(props.userId, secondary);
  };
  const onUnlink = async (identity) => {
    const { __raw: raw } = await auth.getIdTokenClaims();
    await fetch(`https://${DOMAIN}/api/v2/users/${props.userId}/identities/${identity.provider}/${identity.user_id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${raw}` },
    });
  };
  return { onLink, onUnlink };
}
