// Small view helpers shared by the partnership sub-pages of this area (costs, reviews).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { viewsFolder } from '../plugins/views.js';

let tabs: boolean | undefined;
/** The partnership pages' tab bar belongs to the partnerships feature; use it once it exists. */
export function partnershipTabsAvailable(): boolean {
  if (tabs) return true;
  tabs = existsSync(join(viewsFolder, 'partnerships', '_tabs.eta'));
  return tabs;
}
