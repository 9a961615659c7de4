// nextjs-auth0: the session's ID token; a literal secret in initAuth0's options.
import { getSession, initAuth0 } from '@auth0/nextjs-auth0';

export const auth0 = initAuth0({ baseURL: 'https://app.example.com', clientID: 'abc', clientSecret: 'Vb7Nm3Rt6Yw1Ue5Io0Pa8Sd2Fg4Hj6Kl9Zx3Cv7Bn1Mq5Wr8EtYx8jKq2LmN4pRt' }); // want: secret-hardcoded

export default async function link(req, res) {
  const session = await getSession(req, res);
  await fetch(`https://${process.env.AUTH0_DOMAIN}/api/v2/users/${session.user.sub}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.idToken}` }, // want: link-idtoken-bearer
    body: JSON.stringify({ link_with: req.body.secondary }),
  });
  res.end();
}

// compliant: the session's access token
export async function link2(req, res) {
  const session = await getSession(req, res);
  await fetch(`https://${process.env.AUTH0_DOMAIN}/api/v2/users/${session.user.sub}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.accessToken}` },
    body: JSON.stringify({ link_with: req.body.secondary }),
  });
  res.end();
}

// compliant: a secret from the environment
export const auth0b = initAuth0({ baseURL: 'https://app.example.com', clientID: 'abc', clientSecret: process.env.AUTH0_SECRET });
