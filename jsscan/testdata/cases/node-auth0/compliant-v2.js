const ManagementClient = require('auth0').ManagementClient;

// compliant: a user-scoped token sending link_with
module.exports = function (app) {
  app.post('/link', async function (req, res) {
    const tokenSet = await fetch(`https://${process.env.AUTH0_DOMAIN}/oauth/token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: req.body.rt, scope: 'update:current_user_identities' }),
    }).then((r) => r.json());
    const management = new ManagementClient({ domain: process.env.AUTH0_DOMAIN, token: tokenSet.access_token });
    management.linkUsers(req.params.id, { link_with: req.body.secondaryIdToken }, function () {});
  });
};
