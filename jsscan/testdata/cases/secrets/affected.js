const { ManagementClient, AuthenticationClient } = require('auth0');
const { auth } = require('express-openid-connect');
const axios = require('axios');

const management = new ManagementClient({
  domain: 'tenant.eu.auth0.com',
  clientId: 'Yx8jKq2LmN4pRt6vWz9aBc1dEf3gHi5',
  clientSecret: 'hJ8sK2lPq9Xz4Vb7Nm3Rt6Yw1Ue5Io0Pa8Sd2Fg4Hj6Kl9Zx3Cv7Bn1Mq5Wr8Et', // want: secret-hardcoded
});

const authClient = new AuthenticationClient({
  domain: 'tenant.eu.auth0.com',
  clientId: 'Yx8jKq2LmN4pRt6vWz9aBc1dEf3gHi5',
  clientSecret: process.env.AUTH0_CLIENT_SECRET || 'Qm3Nv8Bx2Lk7Jh4Gf9Ds1Ap6Zo5Iu0Yt3Re8Wq2Ec7Rv4Tb9Yn1Um6Ik3Ol8Pj5Hg', // want: secret-hardcoded
});

app.use(auth({ issuerBaseURL: 'https://tenant.eu.auth0.com', clientID: 'abc', clientSecret: 'Zt5Xr8Cv2Bn7Mk4Lj9Hg1Fd6Sa3Qw0Er5Ty8Ui2Op7As4Df9Gh1Jk6Lz3Xc8Vb5Nm', authorizationParams: { response_type: 'code' } })); // want: secret-hardcoded

const SECRET = 'Wp4Qo9Ie2Ur7Yt5Tr1Ew8Qa3Sd6Fg0Hj4Kl9Zx2Cv7Bn5Mm1Nb6Vc3Xz8Lk5Jh2Gf';
async function token() {
  const res = await axios.post('https://tenant.eu.auth0.com/oauth/token', {
    grant_type: 'client_credentials',
    client_id: 'Yx8jKq2LmN4pRt6vWz9aBc1dEf3gHi5',
    client_secret: SECRET, // want: secret-hardcoded
    audience: 'https://tenant.eu.auth0.com/api/v2/',
  });
  return res.data.access_token;
}
module.exports = { management, authClient, token };
