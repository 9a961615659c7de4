// A TypeScript namespace declared in two blocks: esbuild's rewrite runs
// ((Api) => {...})(Api || (Api = {})) twice, and the second must not forget the first.
import { createAuth0Client } from '@auth0/auth0-spa-js';

export namespace Management {
  export const base = (domain: string): string => `https://${domain}/api/v2`;
}
export namespace Management {
  export const users = "users";
}
export enum Method { Link = 'POST', Unlink = 'DELETE' }

export async function linkNs(domain: string, id: string, second: string): Promise<void> {
  const raw = (await (await createAuth0Client({ domain, clientId: 'x' })).getIdTokenClaims())?.__raw;
  await fetch(`${Management.base(domain)}/${Management.users}/${id}/identities`, { method: Method.Link, headers: { Authorization: `Bearer ${raw}` }, body: JSON.stringify({ link_with: second }) }); // want: link-idtoken-bearer
}

// compliant: the access token, same namespace
export async function linkNsAccessToken(domain: string, id: string, second: string): Promise<void> {
  const at = await (await createAuth0Client({ domain, clientId: 'x' })).getTokenSilently();
  await fetch(`${Management.base(domain)}/${Management.users}/${id}/identities`, { method: Method.Link, headers: { Authorization: `Bearer ${at}` }, body: JSON.stringify({ link_with: second }) });
}
