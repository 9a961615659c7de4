const express = require('express');
const { auth } = require('express-openid-connect');
const { getSession } = require('@auth0/nextjs-auth0');
const app = express();
app.use(auth({ authRequired: false }));

app.post('/link', async (req, res) => {
  await fetch(`${process.env.ISSUER_BASE_URL}/api/v2/users/${req.oidc.user.sub}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${req.oidc.idToken}` }, // want: link-idtoken-bearer
    body: JSON.stringify({ link_with: req.body.secondary }),
  });
  res.end();
});

// compliant: the access token of express-openid-connect
app.post('/link2', async (req, res) => {
  await fetch(`${process.env.ISSUER_BASE_URL}/api/v2/users/${req.oidc.user.sub}/identities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${req.oidc.accessToken.access_token}` },
    body: JSON.stringify({ link_with: req.body.secondary }),
  });
  res.end();
});

async function handler(req, res) {
  const session = await getSession(req, res);
  const r = await fetch(`https://${process.env.AUTH0_DOMAIN}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: req.query.code }) });
  const tokens = await r.json();
  await fetch(`https://${process.env.AUTH0_DOMAIN}/api/v2/users/${session.user.sub}/identities/google-oauth2/${req.query.id}`, {
    method: 'DELETE',
    headers: { Authorization: 'Bearer ' + tokens.id_token }, // want: unlink-idtoken-bearer
  });
}

// compliant: the access token of the token response
async function handler2(req, res) {
  const session = await getSession(req, res);
  const r = await fetch(`https://${process.env.AUTH0_DOMAIN}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: req.query.code }) });
  const tokens = await r.json();
  await fetch(`https://${process.env.AUTH0_DOMAIN}/api/v2/users/${session.user.sub}/identities/google-oauth2/${req.query.id}`, {
    method: 'DELETE',
    headers: { Authorization: 'Bearer ' + tokens.access_token },
  });
}
module.exports = { handler, handler2 };
