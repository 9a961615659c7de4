function (user, context, callback) {
  const request = require('request');
  // compliant: the rule reads its secret from the rule configuration; links with the rule's own token
  request.post({
    url: 'https://' + auth0.domain + '/oauth/token',
    json: { grant_type: 'client_credentials', client_id: configuration.M2M_CLIENT_ID, client_secret: configuration.M2M_CLIENT_SECRET, audience: 'https://' + auth0.domain + '/api/v2/' },
  }, function () {
    request.post({ url: auth0.baseUrl + '/users/' + user.user_id + '/identities', headers: { Authorization: 'Bearer ' + auth0.accessToken }, json: { provider: 'auth0', user_id: context.secondary } }, function () {
      callback(null, user, context);
    });
  });
}
