// node-auth0 v2/v3: linkUsers with a user-scoped token and a user_id body.
const ManagementClient = require('auth0').ManagementClient;
const { auth } = require('express-openid-connect');

module.exports = function (app) {
  app.use(auth({ authorizationParams: { scope: 'openid update:current_user_identities' } }));
  app.post('/link', async function (req, res) {
    const tokenSet = await fetch(`https://${process.env.AUTH0_DOMAIN}/oauth/token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: req.body.rt, scope: 'update:current_user_identities' }),
    }).then((r) => r.json());
    const management = new ManagementClient({ domain: process.env.AUTH0_DOMAIN, token: tokenSet.access_token });
    management.linkUsers(req.params.id, { user_id: req.body.secondary, provider: 'auth0' }, function () {}); // want: link-userid-current-user
  });
};
