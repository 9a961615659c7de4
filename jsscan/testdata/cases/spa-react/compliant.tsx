// Migrated: access tokens with update:current_user_identities, secondary ID token as link_with.
import React from 'react';
import axios from 'axios';
import { useAuth0, Auth0Provider } from '@auth0/auth0-react';
import { createAuth0Client } from '@auth0/auth0-spa-js';

type Identity = { provider: string; user_id: string };

export function App({ children }: { children: React.ReactNode }) {
  return (
    <Auth0Provider domain="tenant.eu.auth0.com" clientId="abc" authorizationParams={{ scope: 'openid update:current_user_identities' }}>
      {children}
    </Auth0Provider>
  );
}

// compliant: access token bearer, link_with body
export function LinkButton({ primaryId, secondary }: { primaryId: string; secondary: string }) {
  const { getAccessTokenSilently, getIdTokenClaims } = useAuth0();
  const onClick = async (): Promise<void> => {
    const token = await getAccessTokenSilently();
    const claims = await getIdTokenClaims();
    await axios.post(`https://${process.env.REACT_APP_DOMAIN}/api/v2/users/${primaryId}/identities`, { link_with: claims!.__raw }, {
      headers: { Authorization: `Bearer ${token}` },
    });
  };
  return <button onClick={onClick}>Link</button>;
}

// compliant: unlink with an access token
export async function unlinkWithSpaJs(domain: string, identity: Identity, primaryId: string) {
  const client = await createAuth0Client({ domain, clientId: 'abc' });
  const token = await client.getTokenSilently();
  await fetch(`https://${domain}/api/v2/users/${primaryId}/identities/${identity.provider}/${identity.user_id}`, {
    method: 'DELETE',
    headers: new Headers({ Authorization: `Bearer ${token}` }),
  });
}
