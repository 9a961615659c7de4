// Helpers that build requests: a token passed in reaches the sink inside the helper.
export function authHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}

export async function postIdentities(domain: string, userId: string, token: string, body: object) {
  return fetch(`https://${domain}/api/v2/users/${userId}/identities`, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) });
}
