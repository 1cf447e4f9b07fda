// Handlers for the Team screen. Starting a team and merging a team member's records are for
// coordinators and outreach leads; any profile may hand this laptop's records over.
import { requireCoordinator, requireCurrentVolunteer } from '../../records/volunteers.ts';
import { handOverRecords } from '../../team/handover.ts';
import { joinTeam, nameLaptop, newTeamId, teamSettings } from '../../team/laptop.ts';
import { mergeHandover, previewHandover } from '../../team/merge.ts';
import { knownLaptops, recordsByLaptop } from '../../team/stats.ts';
import type { HandlersFor } from '../dispatcher.ts';
import type { teamMethods, TeamStatus } from '../methods/team.ts';
import type { ServiceContext } from '../services.ts';

export function teamHandlers({ store, clock }: ServiceContext): HandlersFor<typeof teamMethods> {
  const status = (): TeamStatus => ({ ...teamSettings(store), laptops: recordsByLaptop(store) });
  return {
    'team.status': status,
    'team.laptops': () => knownLaptops(store),
    'team.nameLaptop': ({ name }) => {
      requireCoordinator(store);
      nameLaptop(store, name);
      return status();
    },
    'team.create': ({ passphrase }) => {
      requireCoordinator(store);
      joinTeam(store, { teamId: newTeamId(), passphrase });
      return status();
    },
    'team.join': ({ teamId, passphrase }) => {
      requireCoordinator(store);
      joinTeam(store, { teamId, passphrase });
      return status();
    },
    'team.handOver': ({ passphrase }) => {
      requireCurrentVolunteer(store);
      const { bytes, summary } = handOverRecords(store, clock, passphrase);
      const stamp = summary.writtenAt.slice(0, 16).replace(/[:T]/g, '-');
      return { fileName: `outreach-handover-${stamp}.othandover`, base64: bytes.toString('base64'), summary };
    },
    'team.preview': ({ base64, passphrase }) => {
      requireCoordinator(store);
      return previewHandover(store, Buffer.from(base64, 'base64'), passphrase);
    },
    'team.merge': ({ base64, passphrase }) => mergeHandover(store, clock, Buffer.from(base64, 'base64'), passphrase, { requireCoordinator: true }),
  };
}
