// jQuery: settings.headers win over $.ajaxSetup's.
/* global $, auth0 */
var webAuth = new auth0.WebAuth({ domain: 'acme.auth0.com', clientID: 'x', responseType: 'token id_token', audience: 'https://acme.auth0.com/api/v2/' });

webAuth.parseHash(function (err, result) {
  // every request of the app carries the ID token by default (its own API wants it)
  $.ajaxSetup({ headers: { Authorization: 'Bearer ' + result.idToken } }); // want: unlink-idtoken-bearer

  // compliant: the link request overrides the default with the access token
  $('#link').on('click', function () {
    $.ajax({ url: 'https://acme.auth0.com/api/v2/users/' + result.idTokenPayload.sub + '/identities', type: 'POST', headers: { Authorization: 'Bearer ' + result.accessToken }, data: JSON.stringify({ link_with: $('#secondary').val() }) });
  });

  // the unlink request relies on the default: the ID token
  $('#unlink').on('click', function () {
    $.ajax({ url: 'https://acme.auth0.com/api/v2/users/' + result.idTokenPayload.sub + '/identities/google-oauth2/123', type: 'DELETE' });
  });
});
