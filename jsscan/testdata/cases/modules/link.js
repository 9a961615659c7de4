// Re-exported helpers (barrel files) keep their provenance.
import { postIdentity, primaryToken, currentAccessToken, session } from './lib/index.js';

export async function linkWithIdToken(secondary) {
  const user = await (await session.getClient()).getUser();
  await postIdentity(user.sub, { link_with: secondary }, primaryToken()); // want: link-idtoken-bearer
}

// compliant: the same helpers with the access token
export async function linkWithAccessToken(secondary) {
  const user = await (await session.getClient()).getUser();
  await postIdentity(user.sub, { link_with: secondary }, currentAccessToken());
}
