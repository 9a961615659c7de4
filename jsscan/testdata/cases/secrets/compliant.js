const { ManagementClient, AuthenticationClient } = require('auth0');
const { auth } = require('express-openid-connect');
const axios = require('axios');

// compliant: secret from the environment
const management = new ManagementClient({
  domain: process.env.AUTH0_DOMAIN,
  clientId: process.env.AUTH0_CLIENT_ID,
  clientSecret: process.env.AUTH0_CLIENT_SECRET,
});

// compliant: a placeholder
const authClient = new AuthenticationClient({ domain: 'tenant.eu.auth0.com', clientId: 'abc', clientSecret: 'YOUR_CLIENT_SECRET' });

// compliant: express-openid-connect's session secret is not a client secret; test fixture value
app.use(auth({ secret: 'Zt5Xr8Cv2Bn7Mk4Lj9Hg1Fd6Sa3Qw0Er5Ty8Ui2Op7As4Df9Gh1Jk6Lz3Xc8Vb5Nm', clientSecret: 'test-client-secret-for-the-simulator' }));

// compliant: a token request whose secret comes from configuration
async function token(config) {
  const res = await axios.post('https://tenant.eu.auth0.com/oauth/token', {
    grant_type: 'client_credentials',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    audience: 'https://tenant.eu.auth0.com/api/v2/',
  });
  return res.data.access_token;
}
module.exports = { management, authClient, token };
