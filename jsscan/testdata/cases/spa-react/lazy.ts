// The SDK loaded with a dynamic import; optional call chains; satisfies.
type Init = { method: 'POST' | 'DELETE'; headers: Record<string, string>; body?: string };

export async function linkLazy(domain: string, id: string, second: string) {
  const { createAuth0Client } = await import('@auth0/auth0-spa-js');
  const client = await createAuth0Client({ domain, clientId: 'c' });
  const raw = (await client?.getIdTokenClaims?.())?.__raw;
  const init = { method: 'POST', headers: { Authorization: `Bearer ${raw!}` }, body: JSON.stringify({ link_with: second }) } satisfies Init; // want: link-idtoken-bearer
  return fetch(`https://${domain}/api/v2/users/${id}/identities`, init);
}

// compliant: the lazily loaded client's access token
export async function unlinkLazy(domain: string, id: string, provider: string, uid: string) {
  const spa = await import('@auth0/auth0-spa-js');
  const client = await spa.createAuth0Client({ domain, clientId: 'c' });
  const init = { method: 'DELETE', headers: { Authorization: `Bearer ${await client.getTokenSilently()}` } } satisfies Init;
  return fetch(`https://${domain}/api/v2/users/${id}/identities/${provider}/${uid}`, init);
}
