// ID tokens kept in browser storage and cookies, read back elsewhere (jQuery, AngularJS).
var lock = new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN);
lock.on('authenticated', function (authResult) {
  localStorage.setItem('primary_token', authResult.idToken);
  Cookies.set('tok', authResult.idToken);
});

function linkWithJQuery(secondaryIdToken) {
  var primary = localStorage.getItem('primary_token');
  $.ajax({
    type: 'POST',
    url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + localStorage.getItem('user_id') + '/identities',
    data: { link_with: secondaryIdToken },
    headers: { Authorization: 'Bearer ' + primary }, // want: link-idtoken-bearer
  });
}

angular.module('app').controller('LinkCtrl', ['$scope', '$http', function ($scope, $http) {
  $scope.unlink = function (identity) {
    $http({
      method: 'DELETE',
      url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + $scope.userId + '/identities/' + identity.provider + '/' + identity.user_id,
      headers: { Authorization: 'Bearer ' + Cookies.get('tok') }, // want: unlink-idtoken-bearer
    });
  };
}]);
