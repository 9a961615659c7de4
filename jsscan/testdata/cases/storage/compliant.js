// Access tokens kept in storage and cookies.
var lock = new Auth0Lock(AUTH0_CLIENT_ID, AUTH0_DOMAIN);
lock.on('authenticated', function (authResult) {
  localStorage.setItem('primary_access', authResult.accessToken);
  Cookies.set('atok', authResult.accessToken);
});

// compliant: access token from storage
function linkWithJQuery(secondaryIdToken) {
  var primary = localStorage.getItem('primary_access');
  $.ajax({
    type: 'POST',
    url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + localStorage.getItem('user_id') + '/identities',
    data: { link_with: secondaryIdToken },
    headers: { Authorization: 'Bearer ' + primary },
  });
}

// compliant: access token from a cookie
angular.module('app').controller('LinkCtrl', ['$scope', '$http', function ($scope, $http) {
  $scope.unlink = function (identity) {
    $http({
      method: 'DELETE',
      url: 'https://' + AUTH0_DOMAIN + '/api/v2/users/' + $scope.userId + '/identities/' + identity.provider + '/' + identity.user_id,
      headers: { Authorization: 'Bearer ' + Cookies.get('atok') },
    });
  };
}]);
