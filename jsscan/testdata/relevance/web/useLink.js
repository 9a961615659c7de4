// The feature layer names neither the SDK nor the endpoint: it hands one layer's token to the
// other.
import { bearer, accessBearer, currentUser } from './session';
import { attach } from './api';

export async function onLink(secondary) {
  const me = await currentUser();
  await attach(me.sub, await bearer(), { link_with: secondary });
}

// and the access token, same layers: nothing
export async function onLinkWithAccessToken(secondary) {
  const me = await currentUser();
  await attach(me.sub, await accessBearer(), { link_with: secondary });
}
