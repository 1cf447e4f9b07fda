// Methods for the update banner: what the updater is doing, and "restart to update" (which
// the banner asks about first, and which waits while a session is open).
import type { UpdateStatusView } from '../../updates/status.ts';
import { method, none } from '../schema-parts.ts';

export const updatesMethods = {
  'updates.status': method('volunteer', none).returns<UpdateStatusView>(),
  'updates.restart': method('volunteer', none).returns<{ restarting: true }>(),
};
