function (user, context, callback) {
  // An Auth0 Rule (as the Dashboard and auth0-deploy-cli keep them): one anonymous function.
  const request = require('request');
  if (!user.email_verified) return callback(null, user, context);

  request.post({
    url: 'https://' + auth0.domain + '/oauth/token',
    json: { grant_type: 'client_credentials', client_id: configuration.M2M_CLIENT_ID, client_secret: 'gT5hY8jK2lZ4xC7vB1nM6qW9eR3tY0uI5oP8aS2dF4gH7jK1lZ3xC6vB9nM2qW5e', audience: 'https://' + auth0.domain + '/api/v2/' }, // want: secret-hardcoded
  }, function (err, res, body) {
    callback(null, user, context);
  });
}
