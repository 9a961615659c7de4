// /oauth/token called with a form-encoded body (URLSearchParams, querystring), as many
// back ends do.
const querystring = require('querystring');
const axios = require('axios');

async function m2mToken() {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'abc', audience: 'https://acme.auth0.com/api/v2/' });
  body.append('client_secret', 'Rr5Tt6Yy7Uu8Ii9Oo0Pp1Aa2Ss3Dd4Ff5Gg6Hh7Jj8Kk9Ll0Zz1Xx2Cc3Vv4Bb5Nn'); // want: secret-hardcoded
  const res = await fetch('https://acme.auth0.com/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return (await res.json()).access_token;
}

async function m2mTokenQs() {
  const { data } = await axios.post('https://acme.auth0.com/oauth/token', querystring.stringify({
    grant_type: 'client_credentials',
    client_id: 'abc',
    client_secret: 'Hq7Lm2Nx9Bv4Cz1Kw8Jr5Ts3Yp6Ua0Ie7Od2Fg9Hk4Rl1Sm6Tn3Vo8Wp5Xq2Yr', // want: secret-hardcoded
  }));
  return data.access_token;
}

// compliant: the secret from the environment, form-encoded
async function m2mTokenEnv() {
  const res = await fetch('https://acme.auth0.com/oauth/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'abc', client_secret: process.env.AUTH0_CLIENT_SECRET }) });
  return (await res.json()).access_token;
}

// compliant: querystring with the secret from configuration
async function m2mTokenQsConfig(config) {
  const { data } = await axios.post('https://acme.auth0.com/oauth/token', querystring.stringify({ grant_type: 'client_credentials', client_id: config.id, client_secret: config.secret }));
  return data.access_token;
}

module.exports = { m2mToken, m2mTokenQs, m2mTokenEnv, m2mTokenQsConfig };
