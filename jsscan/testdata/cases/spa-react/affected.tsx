// auth0-react and auth0-spa-js: the ID token's raw form (getIdTokenClaims().__raw) as bearer.
import React from 'react';
import axios from 'axios';
import { useAuth0 } from '@auth0/auth0-react';
import { createAuth0Client } from '@auth0/auth0-spa-js';

type Identity = { provider: string; user_id: string };

export function LinkButton({ primaryId, secondary }: { primaryId: string; secondary: string }) {
  const { getIdTokenClaims } = useAuth0();
  const onClick = async (): Promise<void> => {
    const claims = await getIdTokenClaims();
    await axios.post(`https://${process.env.REACT_APP_DOMAIN}/api/v2/users/${primaryId}/identities`, { link_with: secondary }, {
      headers: { Authorization: `Bearer ${claims!.__raw}` }, // want: link-idtoken-bearer
    });
  };
  return <button onClick={onClick}>Link</button>;
}

export async function unlinkWithSpaJs(domain: string, identity: Identity, primaryId: string) {
  const client = await createAuth0Client({ domain, clientId: 'abc' });
  const raw = (await client.getIdTokenClaims())?.__raw as string;
  await fetch(`https://${domain}/api/v2/users/${primaryId}/identities/${identity.provider}/${identity.user_id}`, {
    method: 'DELETE',
    headers: new Headers({ Authorization: `Bearer ${raw}` }), // want: unlink-idtoken-bearer
  });
}
