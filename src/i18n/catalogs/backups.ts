// Backups for administrators.
import type { Catalog } from '../index.js';

export default {
  en: {
    'backups.title': 'Backups',
    'backups.last': 'The last backup was taken {when}.',
    'backups.none': 'No backup has been taken yet.',
    'backups.schedule':
      'The server takes one on the schedule "{cron}" and keeps the newest of each of the last 7 days, 4 weeks and 12 months.',
    'backups.scheduleOff': 'The server takes none on its own (BACKUP_CRON=off): take them here or with npm run cli -- backup.',
    'backups.notConfigured': 'Backups are not set up on this server.',
    'backups.takeNow': 'Take a backup now',
    'backups.taken': 'The backup is taken.',
    'backups.kept': 'Backups kept',
    'backups.takenAt': 'Taken',
    'backups.size': 'Size',
    'backups.download': 'Download',
  },
  da: {
    'backups.title': 'Sikkerhedskopier',
    'backups.last': 'Den seneste sikkerhedskopi blev taget {when}.',
    'backups.none': 'Der er endnu ikke taget nogen sikkerhedskopi.',
    'backups.schedule': 'Serveren tager en efter planen "{cron}" og gemmer den nyeste for hver af de seneste 7 dage, 4 uger og 12 måneder.',
    'backups.scheduleOff': 'Serveren tager ingen selv (BACKUP_CRON=off): tag dem her eller med npm run cli -- backup.',
    'backups.notConfigured': 'Sikkerhedskopier er ikke sat op på denne server.',
    'backups.takeNow': 'Tag en sikkerhedskopi nu',
    'backups.taken': 'Sikkerhedskopien er taget.',
    'backups.kept': 'Gemte sikkerhedskopier',
    'backups.takenAt': 'Taget',
    'backups.size': 'Størrelse',
    'backups.download': 'Hent',
  },
  nb: {
    'backups.title': 'Sikkerhetskopier',
    'backups.last': 'Den siste sikkerhetskopien ble tatt {when}.',
    'backups.none': 'Ingen sikkerhetskopi er tatt ennå.',
    'backups.schedule':
      'Serveren tar en etter planen «{cron}» og beholder den nyeste for hver av de siste 7 dagene, 4 ukene og 12 månedene.',
    'backups.scheduleOff': 'Serveren tar ingen selv (BACKUP_CRON=off): ta dem her eller med npm run cli -- backup.',
    'backups.notConfigured': 'Sikkerhetskopier er ikke satt opp på denne serveren.',
    'backups.takeNow': 'Ta en sikkerhetskopi nå',
    'backups.taken': 'Sikkerhetskopien er tatt.',
    'backups.kept': 'Lagrede sikkerhetskopier',
    'backups.takenAt': 'Tatt',
    'backups.size': 'Størrelse',
    'backups.download': 'Last ned',
  },
  sv: {
    'backups.title': 'Säkerhetskopior',
    'backups.last': 'Den senaste säkerhetskopian togs {when}.',
    'backups.none': 'Ingen säkerhetskopia har tagits ännu.',
    'backups.schedule':
      'Servern tar en enligt schemat ”{cron}” och behåller den nyaste för var och en av de senaste 7 dagarna, 4 veckorna och 12 månaderna.',
    'backups.scheduleOff': 'Servern tar inga själv (BACKUP_CRON=off): ta dem här eller med npm run cli -- backup.',
    'backups.notConfigured': 'Säkerhetskopior är inte inställda på den här servern.',
    'backups.takeNow': 'Ta en säkerhetskopia nu',
    'backups.taken': 'Säkerhetskopian är tagen.',
    'backups.kept': 'Sparade säkerhetskopior',
    'backups.takenAt': 'Tagen',
    'backups.size': 'Storlek',
    'backups.download': 'Hämta',
  },
} satisfies Catalog;
