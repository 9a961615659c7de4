// Routes that only use the client: neither the SDK nor the endpoint is named here.
const { userManagement } = require('./clients');

async function linkBySecondaryId(session, secondary) {
  const management = await userManagement(session.refreshToken);
  await management.users.link({ id: session.userId }, { provider: secondary.provider, user_id: secondary.userId });
}

// the user-scoped client sending the secondary's ID token
async function linkWithToken(session, secondaryToken) {
  const management = await userManagement(session.refreshToken);
  await management.users.link({ id: session.userId }, { link_with: secondaryToken });
}
module.exports = { linkBySecondaryId, linkWithToken };
