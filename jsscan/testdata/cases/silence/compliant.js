// Unknown provenance: silent.
// compliant: a token of unknown origin
export async function link(domain, userId, token, secondary) {
  await fetch(`https://${domain}/api/v2/users/${userId}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify({ link_with: secondary }),
  });
}

// compliant: relative URL (the app's own back end)
export function unlink(userId, provider, id, idToken) {
  return fetch(`/api/v2/users/${userId}/identities/${provider}/${id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${idToken}` },
  });
}
