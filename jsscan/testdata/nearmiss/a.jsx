// A directive written with a space after the slashes is no directive (as in Go): it silences
// nothing, and the scan says so instead of leaving the user to wonder.
import { useAuth0 } from '@auth0/auth0-react';

export function Link({ domain, id }) {
  const { getIdTokenClaims } = useAuth0();
  const link = async () => {
    const claims = await getIdTokenClaims();
    // auth0vet:ignore idtokenbearer migrating next sprint
    await fetch(`https://${domain}/api/v2/users/${id}/identities`, { method: 'POST', headers: { Authorization: `Bearer ${claims.__raw}` } });
  };
  const label = '// auth0vet:ignore inside a string is neither';
  return (
    <button
      // auth0vet:ignore in a JSX attribute position
      onClick={link}>{label}</button>
  );
}
