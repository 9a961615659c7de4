// A helper taking its token in an options object: the finding is at the caller that chose the
// token, naming the helper (as for a token passed as a plain argument).
const AUTH0_DOMAIN = process.env.AUTH0_DOMAIN;

async function callManagement(path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`https://${AUTH0_DOMAIN}/api/v2${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return res.json();
}

async function exchangeCode(code) {
  const res = await fetch(`https://${AUTH0_DOMAIN}/oauth/token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'authorization_code', client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET, code }),
  });
  return res.json();
}

export function routes(app) {
  app.get('/callback/link', async (req, res) => {
    const { id_token: idToken } = await exchangeCode(req.query.code);
    await callManagement(`/users/${req.session.userId}/identities`, { method: 'POST', token: idToken, body: { link_with: req.session.secondary } }); // want: link-idtoken-bearer
    res.redirect('/profile');
  });

  app.post('/unlink/:provider/:id', async (req, res) => {
    const tokens = await exchangeCode(req.body.code);
    const opts = { method: 'DELETE', token: tokens.id_token };
    await callManagement(`/users/${req.session.userId}/identities/${req.params.provider}/${req.params.id}`, opts); // want: unlink-idtoken-bearer
    res.sendStatus(204);
  });

  // compliant: the exchange's access token, through the same helper
  app.post('/link2', async (req, res) => {
    const tokens = await exchangeCode(req.body.code);
    await callManagement(`/users/${req.session.userId}/identities`, { method: 'POST', token: tokens.access_token, body: { link_with: tokens.id_token } });
    res.sendStatus(201);
  });

  // compliant: unlink with the access token
  app.post('/unlink2/:provider/:id', async (req, res) => {
    const { access_token } = await exchangeCode(req.body.code);
    await callManagement(`/users/${req.session.userId}/identities/${req.params.provider}/${req.params.id}`, { method: 'DELETE', token: access_token });
    res.sendStatus(204);
  });
}
