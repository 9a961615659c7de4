import config from './config.js';

const mgmtUrl = (path) => `https://${config.domain}/api/v2${path}`;

async function authHeaders(tokenPromise) {
  const t = await tokenPromise;
  return { 'Content-Type': 'application/json', Authorization: `Bearer ${t}` };
}

export default async function postIdentity(userId, body, tokenPromise) {
  const res = await fetch(mgmtUrl(`/users/${encodeURIComponent(userId)}/identities`), {
    method: 'POST',
    headers: await authHeaders(tokenPromise),
    body: JSON.stringify(body),
  });
  return res.json();
}
