// auth0-vue: idTokenClaims is a Ref; its value.__raw is the raw ID token.
import { useAuth0 } from '@auth0/auth0-vue';
import { ref } from 'vue';

export function useLinking(domain: string) {
  const { idTokenClaims, user, getAccessTokenSilently } = useAuth0();
  const error = ref<string | null>(null);

  async function link(secondaryIdToken: string) {
    const res = await fetch(`https://${domain}/api/v2/users/${user.value?.sub}/identities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${idTokenClaims.value?.__raw}`, 'Content-Type': 'application/json' }, // want: link-idtoken-bearer
      body: JSON.stringify({ link_with: secondaryIdToken }),
    });
    if (!res.ok) error.value = await res.text();
  }

  // compliant: unlink with an access token
  async function unlink(provider: string, id: string) {
    const token = await getAccessTokenSilently();
    await fetch(`https://${domain}/api/v2/users/${user.value?.sub}/identities/${provider}/${id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  return { link, unlink, error };
}
