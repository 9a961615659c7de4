// Decided only by a name: suspected, never confirmed.
export async function link(domain, userId, idToken, secondary) {
  await fetch(`https://${domain}/api/v2/users/${userId}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${idToken}` }, // want: link-idtoken-bearer suspected
    body: JSON.stringify({ link_with: secondary }),
  });
}

export function unlink(domain, userId, provider, id) {
  const token = sessionStorage.getItem('id_token');
  return fetch(`https://${domain}/api/v2/users/${userId}/identities/${provider}/${id}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` }, // want: unlink-idtoken-bearer suspected
  });
}
