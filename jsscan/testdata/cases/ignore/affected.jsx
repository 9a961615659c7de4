// Ignore directives: same grammar as the Go analyzers, in line, block and JSX comments.
import React from 'react';
import { useAuth0 } from '@auth0/auth0-react';

export function Linker({ domain, userId }) {
  const { getIdTokenClaims } = useAuth0();
  async function link(secondary) {
    const claims = await getIdTokenClaims();
    //auth0vet:ignore idtokenbearer the tenant still has enable_idtoken_api2 on until 2027-01
    await fetch(`https://${domain}/api/v2/users/${userId}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${claims.__raw}` }, body: JSON.stringify({ link_with: secondary }) });
    await fetch(`https://${domain}/api/v2/users/${userId}/identities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${claims.__raw}` }, /* auth0vet:ignore migration tracked in JIRA-123 */
      body: JSON.stringify({ link_with: secondary }),
    });
    // a directive for another check does not silence this one
    //auth0vet:ignore hardcodedsecret not a secret
    await fetch(`https://${domain}/api/v2/users/${userId}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${claims.__raw}` } }); // want: link-idtoken-bearer
    //auth0vet:ignore
    await fetch(`https://${domain}/api/v2/users/${userId}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${claims.__raw}` } }); // want: link-idtoken-bearer
  }
  const label = "//auth0vet:ignore in a string is no directive";
  return (
    <div>
      {/* auth0vet:ignore idtokenbearer,userscopedlink legacy widget, removed next release */}
      <button onClick={() => getIdTokenClaims().then((c) => fetch(`https://${domain}/api/v2/users/${userId}/identities`, { method: 'POST', headers: { Authorization: 'Bearer ' + c.__raw } }))}>{label}</button>
    </div>
  );
}
