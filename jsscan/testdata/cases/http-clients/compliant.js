// The same clients with access tokens.
const axios = require('axios');
const got = require('got');
const superagent = require('superagent');
const request = require('request');
const Auth0Strategy = require('passport-auth0');
const passport = require('passport');

const DOMAIN = process.env.AUTH0_DOMAIN;
const api = axios.create({ baseURL: `https://${DOMAIN}/api/v2/` });

passport.use(new Auth0Strategy({ domain: DOMAIN, clientID: 'x', callbackURL: '/cb' }, function (accessToken, refreshToken, extraParams, profile, done) {
  // compliant: axios interceptor with the access token
  api.interceptors.request.use((config) => {
    config.headers.Authorization = `Bearer ${accessToken}`;
    return config;
  });
  api.post(`users/${profile.id}/identities`, { link_with: extraParams.id_token });

  // compliant: got unlink with the access token
  got.delete(`https://${DOMAIN}/api/v2/users/${profile.id}/identities/github/123`, {
    headers: { authorization: 'Bearer ' + accessToken },
  });

  // compliant: superagent with the access token
  superagent.post(`https://${DOMAIN}/api/v2/users/${profile.id}/identities`)
    .set('Authorization', `Bearer ${accessToken}`)
    .send({ link_with: extraParams.id_token })
    .then(() => done(null, profile));

  // compliant: request with the access token
  request({ method: 'POST', url: `https://${DOMAIN}/api/v2/users/${profile.id}/identities`, auth: { bearer: accessToken }, json: { link_with: extraParams.id_token } });
}));
